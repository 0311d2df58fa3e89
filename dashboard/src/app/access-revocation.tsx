import type { SiteList } from "@sitewatch/hub/api-types";
import type { AccessRevoked } from "@sitewatch/shared-protocol";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";
import { useMessages } from "../i18n/locale.js";
import { useServices } from "./app-context.js";
import { appMessages } from "./app-messages.js";
import type { Resource } from "./use-resource.js";

/** The site the user was looking at when the hub took it away, shown until dismissed. */
export interface SiteLostNotice {
  site: string;
  name: string;
  message: string;
}

const NO_SITES: ReadonlySet<string> = new Set();
const viewedSite = (location: string) => /^\/sites\/([^/]+)/.exec(location)?.[1];

/**
 * Follows FORBIDDEN `access:revoked` notices: the lost site leaves the list at once (so the router
 * moves off its pages) and the list is loaded again. `lost` only bridges that reload: once a list
 * requested after the loss arrives, it is the truth (the hub sends the notice after the change).
 */
export function useSiteAccessLoss(sites: Resource<SiteList>) {
  const { live } = useServices();
  const [location] = useLocation();
  const [lost, setLost] = useState(NO_SITES);
  const [notice, setNotice] = useState<SiteLostNotice | undefined>();
  // The listener outlives renders; these say what the user sees when the notice arrives.
  const current = useRef({ site: viewedSite(location), list: sites.data?.sites ?? [] });
  current.current = { site: viewedSite(location), list: sites.data?.sites ?? [] };
  const { reload } = sites;

  useEffect(
    () =>
      live.onAccessRevoked((n: AccessRevoked) => {
        if (n.code !== "FORBIDDEN" || n.site === undefined) return;
        const site = n.site;
        setLost((prev) => new Set(prev).add(site));
        if (site === current.current.site) {
          const name = current.current.list.find((s) => s.id === site)?.name ?? site;
          setNotice({ site, name, message: n.message });
        }
        reload();
      }),
    [live, reload],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a newly loaded list is the trigger.
  useEffect(() => setLost(NO_SITES), [sites.data]);

  return { lost, notice, dismiss: () => setNotice(undefined) };
}

/**
 * The reason the hub ended this login (`UNAUTHENTICATED`: token revoked, user disabled, token
 * expired). The live connection renews the token meanwhile; if that works a new session arrives
 * and the reason is forgotten, if not the session ends and the login page shows why.
 */
export function useSignOutReason(): string | undefined {
  const { live, sessions } = useServices();
  const [reason, setReason] = useState<string | undefined>();
  useEffect(() => {
    const offs = [
      live.onAccessRevoked((n) => {
        if (n.code === "UNAUTHENTICATED") setReason(n.message);
      }),
      sessions.subscribe((session) => {
        if (session) setReason(undefined);
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [live, sessions]);
  return reason;
}

interface NoticeValue {
  notice: SiteLostNotice | undefined;
  dismiss(): void;
}
const NoticeContext = createContext<NoticeValue>({ notice: undefined, dismiss: () => {} });

export function SiteLostProvider({ value, children }: { value: NoticeValue; children: ReactNode }) {
  return <NoticeContext.Provider value={value}>{children}</NoticeContext.Provider>;
}

/** Above the page, on whichever site the router moved to (or on the "no sites" page). */
export function SiteLostBanner() {
  const t = useMessages(appMessages);
  const { notice, dismiss } = useContext(NoticeContext);
  if (!notice) return null;
  return (
    <div role="alert" className="notice-banner" data-site-lost={notice.site}>
      <span>{t("access.siteLost", { site: notice.name, message: notice.message })}</span>
      <button type="button" className="secondary" onClick={dismiss}>
        {t("dismiss")}
      </button>
    </div>
  );
}
