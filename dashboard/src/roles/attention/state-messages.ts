import type { AttentionState } from "@sitewatch/shared-protocol";
import type { Messages } from "../../i18n/locale.js";

export type StateKey = `state.${AttentionState}`;

/**
 * The attention states' names, one wording for every attention page, so a learner's live state, the
 * live list and the reports never call the same state two things.
 */
export const stateMessages: Messages<StateKey> = {
  en: {
    "state.focused": "Focused",
    "state.drowsy": "Drowsy",
    "state.yawning": "Yawning",
    "state.distracted": "Looking away",
    "state.absent": "Away",
  },
  ko: {
    "state.focused": "집중",
    "state.drowsy": "졸림",
    "state.yawning": "하품",
    "state.distracted": "딴 곳 보기",
    "state.absent": "자리 비움",
  },
};
