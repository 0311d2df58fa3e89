import type { AlertKind } from "@sitewatch/shared-protocol";

/**
 * What every alert rule produces, and how it becomes database work. Rules are pure functions of state,
 * settings and a clock (each family's `conditions`), so they are tested with fixed times. Which alerts
 * to open and which to close is the difference between the conditions that hold now and the alerts
 * that are open.
 */

/** Something that should have an open alert, identified by site, kind and subject. */
export interface Condition {
  site: string;
  kind: AlertKind;
  subject: string;
  since: number;
  message: string;
}

/** The part of an open alert reconciliation needs. */
export interface OpenAlert {
  id: string;
  site: string;
  kind: AlertKind;
  subject: string;
  since: number;
}

export const alertKey = (a: { site: string; kind: AlertKind; subject: string }) =>
  `${a.site}|${a.kind}|${a.subject}`;

/**
 * An episodic kind's alert belongs to one stretch of a state: a condition seen since a later time than
 * its open alert means the state ended and began again in between, so that alert ends and a new one
 * starts. Other kinds (outages) are matched by subject alone, because their start time is re-derived
 * after a restart.
 */
const sameEpisode = (c: Condition, a: OpenAlert, episodic: ReadonlySet<AlertKind>) =>
  !episodic.has(c.kind) || c.since <= a.since;

/** Alerts to raise (conditions without an open alert) and to resolve (open alerts without a condition). */
export function reconcile(
  conditions: Iterable<Condition>,
  open: Iterable<OpenAlert>,
  episodic: ReadonlySet<AlertKind>,
): { raise: Condition[]; resolve: OpenAlert[] } {
  const openByKey = new Map<string, OpenAlert>();
  for (const a of open) openByKey.set(alertKey(a), a);
  const raise: Condition[] = [];
  const resolve: OpenAlert[] = [];
  const seen = new Set<string>();
  for (const c of conditions) {
    const key = alertKey(c);
    if (seen.has(key)) continue;
    seen.add(key);
    const existing = openByKey.get(key);
    if (existing && sameEpisode(c, existing, episodic)) {
      openByKey.delete(key);
      continue;
    }
    if (existing) {
      resolve.push(existing);
      openByKey.delete(key);
    }
    raise.push(c);
  }
  resolve.push(...openByKey.values());
  return { raise, resolve };
}
