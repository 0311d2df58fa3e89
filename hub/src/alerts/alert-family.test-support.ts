import type { AlertKind } from "@sitewatch/shared-protocol";
import type { AlertFamily } from "./alert-family.js";

/** How sure the probe's last gate read was, and when it came. */
export interface ProbeFact {
  level: number;
  at: number;
}

/**
 * A family no role has, for tests of the seam: it reads gate entries and raises `kind` (an existing
 * protocol kind, borrowed) while a gate camera's last read was less than half sure.
 */
export function probeFamily(
  kind: AlertKind = "device-offline",
  load: () => Array<{ site: string; subject: string; stored: ProbeFact | undefined }> = () => [],
): AlertFamily<ProbeFact, ProbeFact> {
  return {
    name: "probe",
    kinds: [kind],
    observe: {
      gateEntry: ({ site, camera, data: m }) =>
        camera === undefined ? [] : [{ site, subject: camera, update: { level: m.confidence, at: m.at } }],
    },
    note: (known, update) => (known?.level === update.level ? undefined : update),
    load: async () => load(),
    merge: (known, stored) => stored ?? known,
    conditions: ({ site, subject, settings, now }, fact) =>
      fact.level < 0.5
        ? [
            {
              site,
              kind,
              subject,
              since: fact.at,
              message: `Gate ${subject} read at ${fact.level} (${settings.heldMinutes} min, ${now - fact.at} ms)`,
            },
          ]
        : [],
  };
}
