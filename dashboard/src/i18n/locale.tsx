import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";

export type Locale = "en" | "ko";
export const LOCALES: readonly Locale[] = ["en", "ko"];
const KEY = "sitewatch.locale";

/** A namespace of UI text in every language; `{name}` placeholders are filled by `t`. */
export type Messages<K extends string> = Record<Locale, Record<K, string>>;

/** Korean when the browser prefers it (or the user chose it), English otherwise. */
export function preferredLocale(
  stored: string | null | undefined,
  languages: readonly string[] = globalThis.navigator?.languages ?? [],
): Locale {
  if (stored === "en" || stored === "ko") return stored;
  for (const lang of languages) {
    const base = lang.toLowerCase().split("-")[0];
    if (base === "ko") return "ko";
    if (base === "en") return "en";
  }
  return "en";
}

interface LocaleContextValue {
  locale: Locale;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleContextValue>({ locale: "en", setLocale: () => {} });

export function LocaleProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setState] = useState<Locale>(
    () => initial ?? preferredLocale(globalThis.localStorage?.getItem(KEY)),
  );
  const setLocale = useCallback((next: Locale) => {
    globalThis.localStorage?.setItem(KEY, next);
    setState(next);
  }, []);
  // Screen readers pick their voice from <html lang>, whether the locale came from the browser or a choice.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleContextValue {
  return useContext(LocaleContext);
}

/** `const t = useMessages(messages); t("seats", {count: 3})`. */
export function useMessages<K extends string>(messages: Messages<K>) {
  const { locale } = useLocale();
  return useCallback(
    (key: K, params?: Record<string, string | number>) => format(messages[locale][key] ?? key, params),
    [messages, locale],
  );
}

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}
