import type { AttentionState, FocusSessionInfo } from "@sitewatch/shared-protocol";

/** A learner's session as the managers' page lists it. */
export interface LiveSessionRow {
  session: string;
  learner?: string;
  source?: string;
  state: AttentionState | string;
  since: number;
  startedAt: number;
  paused: boolean;
}

/**
 * Learners' sessions from the REST list that were still running when it was read (no end). Edge
 * sessions (a study-room camera, anonymous) are not a learner's and stay off this page.
 */
export function runningFromList(
  sessions: readonly {
    id: string;
    source?: string;
    learner?: string | null;
    startedAt: string;
    lastEventAt: string;
    endedAt: string | null;
    state: string;
  }[],
): LiveSessionRow[] {
  return sessions
    .filter((s) => s.endedAt === null && s.source !== "edge")
    .map((s) => ({
      session: s.id,
      learner: s.learner ?? undefined,
      source: s.source,
      state: s.state,
      since: Date.parse(s.lastEventAt),
      startedAt: Date.parse(s.startedAt),
      paused: false,
    }));
}

/**
 * Applies one `focus:session` live event: an ended session leaves the list, any other replaces its
 * row (or joins the list); newest session first.
 */
export function applySessionEvent(rows: readonly LiveSessionRow[], info: FocusSessionInfo): LiveSessionRow[] {
  const others = rows.filter((r) => r.session !== info.session);
  if (info.endedAt !== undefined) return others;
  const row: LiveSessionRow = {
    session: info.session,
    learner: info.learner,
    source: info.source,
    state: info.state,
    since: info.since,
    startedAt: info.startedAt,
    paused: info.paused,
  };
  return [row, ...others].sort((a, b) => b.startedAt - a.startedAt);
}
