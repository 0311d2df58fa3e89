import type {
  AttentionCoaching,
  AttentionSessionReport,
  AttentionTrendReport,
} from "@sitewatch/hub/api-types";
import type { AttentionState } from "@sitewatch/shared-protocol";

// The figures the report pages read: the hub's report routes' own types (times are ISO 8601 strings).

export const STATES: readonly AttentionState[] = ["focused", "drowsy", "yawning", "distracted", "absent"];
export type NonFocusState = Exclude<AttentionState, "focused">;

export type SessionReport = AttentionSessionReport;
export type TrendReport = AttentionTrendReport;
export type Coaching = AttentionCoaching;
export type StateFigures = SessionReport["states"][AttentionState];
export type TimelineSpan = SessionReport["timeline"][number];
export type MinuteFigures = SessionReport["minutes"][number];

export const STATE_COLORS: Record<AttentionState, string> = {
  focused: "#2da44e",
  drowsy: "#8250df",
  yawning: "#bf8700",
  distracted: "#d1242f",
  absent: "#6e7781",
};
