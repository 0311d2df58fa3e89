import type { Messages } from "../../../i18n/locale.js";
import { type StateKey, stateMessages } from "../state-messages.js";

type Key =
  | "title"
  | "consent.title"
  | "consent.intro"
  | "consent.measures"
  | "consent.eyes"
  | "consent.mouth"
  | "consent.head"
  | "consent.presence"
  | "consent.private"
  | "consent.stored"
  | "consent.pause"
  | "consent.start"
  | "sound"
  | "starting"
  | "camera.on"
  | "camera.off"
  | "selfView"
  | "calibrating"
  | "state.label"
  | "pause"
  | "resume"
  | "end"
  | "ending"
  | "paused"
  | "rate"
  | "alerts"
  | "alert.title"
  | "dismiss"
  | "error"
  | "retry"
  | "again"
  | "blinks"
  | StateKey;

export const focusMessages: Messages<Key> = {
  en: {
    ...stateMessages.en,
    title: "Focus session",
    "consent.title": "Before you start",
    "consent.intro":
      "A focus session watches for tiredness and distraction through your camera and tells you at once.",
    "consent.measures": "This page measures, many times a second:",
    "consent.eyes": "how open your eyes are (eye closure and blinks)",
    "consent.mouth": "how open your mouth is (yawns)",
    "consent.head": "which way your head points (looking away)",
    "consent.presence": "whether a face is in front of the camera",
    "consent.private":
      "The video is analysed on this device. No picture leaves it: only these numbers are sent to Sitewatch.",
    "consent.stored": "Sitewatch keeps the states and per-minute figures for your reports.",
    "consent.pause": "You can pause (camera off) or end the session at any time.",
    "consent.start": "Turn on the camera and start",
    sound: "Sound on alerts",
    starting: "Starting the camera and loading the face models…",
    "camera.on": "Camera on",
    "camera.off": "Camera off",
    selfView: "Your camera (only on this screen)",
    calibrating: "Calibrating — look at the screen as you normally do",
    "state.label": "Current state",
    pause: "Pause",
    resume: "Resume",
    end: "End session",
    ending: "Ending the session…",
    paused: "Paused — the camera is off.",
    rate: "{rate} analyses/s",
    alerts: "Alerts in this session",
    "alert.title": "Attention",
    dismiss: "Dismiss",
    error: "The focus session stopped: {message}",
    retry: "Try again",
    again: "Start another session",
    blinks: "{count} blinks",
  },
  ko: {
    ...stateMessages.ko,
    title: "집중 세션",
    "consent.title": "시작하기 전에",
    "consent.intro": "집중 세션은 카메라로 피로와 주의 분산을 살피고 바로 알려 드립니다.",
    "consent.measures": "이 페이지는 1초에 여러 번 다음을 측정합니다:",
    "consent.eyes": "눈을 얼마나 뜨고 있는지 (눈 감김과 깜빡임)",
    "consent.mouth": "입이 얼마나 벌어졌는지 (하품)",
    "consent.head": "머리가 향한 방향 (딴 곳 보기)",
    "consent.presence": "카메라 앞에 얼굴이 있는지",
    "consent.private":
      "영상은 이 기기에서 분석됩니다. 사진은 기기 밖으로 나가지 않으며, 이 숫자들만 Sitewatch로 전송됩니다.",
    "consent.stored": "Sitewatch는 리포트를 위해 상태와 분 단위 수치를 보관합니다.",
    "consent.pause": "언제든지 일시정지(카메라 꺼짐)하거나 세션을 끝낼 수 있습니다.",
    "consent.start": "카메라 켜고 시작",
    sound: "알림 소리",
    starting: "카메라를 켜고 얼굴 모델을 불러오는 중…",
    "camera.on": "카메라 켜짐",
    "camera.off": "카메라 꺼짐",
    selfView: "내 카메라 (이 화면에만 표시)",
    calibrating: "보정 중 — 평소처럼 화면을 보세요",
    "state.label": "현재 상태",
    pause: "일시정지",
    resume: "다시 시작",
    end: "세션 끝내기",
    ending: "세션을 끝내는 중…",
    paused: "일시정지됨 — 카메라가 꺼져 있습니다.",
    rate: "초당 {rate}회 분석",
    alerts: "이 세션의 알림",
    "alert.title": "주의",
    dismiss: "닫기",
    error: "집중 세션이 중단되었습니다: {message}",
    retry: "다시 시도",
    again: "새 세션 시작",
    blinks: "깜빡임 {count}회",
  },
};
