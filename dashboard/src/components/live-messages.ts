import type { Messages } from "../i18n/locale.js";

/** Text of the shared live view: why there is or is not a picture, for every role's live page. */
type Key = "paused" | "hidden" | "offline" | "waiting" | "failed" | "updated" | "watch" | "stop" | "frameAlt";

export const liveMessages: Messages<Key> = {
  en: {
    paused: "Paused. The camera streams only while someone watches.",
    hidden: "Paused while this tab is in the background.",
    offline: "Offline: the live view resumes when the connection is back.",
    waiting: "Waiting for the first picture from {device}…",
    failed: "The live view could not start: {message}",
    updated: "Picture of {time}",
    watch: "Live",
    stop: "Stop live",
    frameAlt: "Live picture of {camera}",
  },
  ko: {
    paused: "일시 정지됨. 누군가 볼 때만 카메라 영상을 전송합니다.",
    hidden: "이 탭이 백그라운드에 있는 동안 일시 정지됩니다.",
    offline: "오프라인: 연결이 복구되면 실시간 영상이 다시 시작됩니다.",
    waiting: "{device}의 첫 화면을 기다리는 중…",
    failed: "실시간 영상을 시작하지 못했습니다: {message}",
    updated: "{time} 화면",
    watch: "실시간",
    stop: "실시간 중지",
    frameAlt: "{camera} 실시간 화면",
  },
};
