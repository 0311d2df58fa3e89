import type { seatEditorMessages } from "./messages.js";
import type { SeatProblems } from "./seat-plan.js";

type T = (key: keyof (typeof seatEditorMessages)["en"], params?: Record<string, string | number>) => string;

/** shared-protocol's polygonProblem() speaks English; the known reasons are shown in the user's language. */
export function polygonText(t: T, problem: string): string {
  if (/at least 3/.test(problem)) return t("poly.tooFew");
  if (/inside the frame/.test(problem)) return t("poly.outside");
  const crossing = /edges (\d+) and (\d+)/.exec(problem);
  if (crossing) return t("poly.crossing", { detail: `${crossing[1]} × ${crossing[2]}` });
  if (/no area/.test(problem)) return t("poly.area");
  return problem;
}

export function problemTexts(t: T, p: SeatProblems): { name?: string; polygon?: string } {
  const name =
    p.name === "required"
      ? t("name.required")
      : p.name === "duplicate"
        ? t("name.duplicate")
        : p.name
          ? t("name.invalid")
          : undefined;
  return { name, polygon: p.polygon ? polygonText(t, p.polygon) : undefined };
}
