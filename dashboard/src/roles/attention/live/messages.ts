import type { Messages } from "../../../i18n/locale.js";

type Key =
  | "title"
  | "intro"
  | "empty"
  | "col.learner"
  | "col.source"
  | "col.state"
  | "col.since"
  | "col.started"
  | "paused"
  | "source.browser"
  | "source.frames"
  | "unknown";

export const liveSessionMessages: Messages<Key> = {
  en: {
    title: "Live focus sessions",
    intro: "Learners' sessions running in this site now; states update as they change.",
    empty: "No focus session is running in this site.",
    "col.learner": "Learner",
    "col.source": "Measured",
    "col.state": "State",
    "col.since": "In this state for",
    "col.started": "Started",
    paused: "Paused",
    "source.browser": "in the browser",
    "source.frames": "by the hub (frames)",
    unknown: "–",
  },
  ko: {
    title: "실시간 집중 세션",
    intro: "이 사이트에서 지금 진행 중인 학습자 세션입니다. 상태가 바뀌면 바로 갱신됩니다.",
    empty: "이 사이트에서 진행 중인 집중 세션이 없습니다.",
    "col.learner": "학습자",
    "col.source": "측정",
    "col.state": "상태",
    "col.since": "현재 상태 지속",
    "col.started": "시작",
    paused: "일시정지",
    "source.browser": "브라우저에서",
    "source.frames": "허브에서 (프레임)",
    unknown: "–",
  },
};
