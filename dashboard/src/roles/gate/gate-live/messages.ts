import type { Messages } from "../../../i18n/locale.js";

type Key =
  | "live.title"
  | "live.camera"
  | "live.noCamera"
  | "live.pause"
  | "live.resume"
  | "live.frameAlt"
  | "legend"
  | "state.tracking"
  | "state.capturing"
  | "state.captured"
  | "state.none"
  | "activity.title"
  | "activity.empty"
  | "activity.detected"
  | "activity.capture-attempt"
  | "activity.ocr-result"
  | "activity.processing-started"
  | "activity.processing-stopped"
  | "activity.error"
  | "activity.track"
  | "activity.valid"
  | "activity.invalid";

export const gateLiveMessages: Messages<Key> = {
  en: {
    "live.title": "Live view",
    "live.camera": "Gate camera",
    "live.noCamera": "This site has no gate camera.",
    "live.pause": "Pause",
    "live.resume": "Watch live",
    "live.frameAlt": "Live picture of {camera}",
    legend: "Box colours",
    "state.tracking": "tracking",
    "state.capturing": "capturing",
    "state.captured": "captured",
    "state.none": "detected",
    "activity.title": "Activity",
    "activity.empty": "Nothing yet: events appear here as the gate cameras report them.",
    "activity.detected": "Container detected",
    "activity.capture-attempt": "Capture attempt",
    "activity.ocr-result": "OCR result",
    "activity.processing-started": "Processing started",
    "activity.processing-stopped": "Processing stopped",
    "activity.error": "Error",
    "activity.track": "track {id}",
    "activity.valid": "valid",
    "activity.invalid": "not valid",
  },
  ko: {
    "live.title": "실시간 영상",
    "live.camera": "게이트 카메라",
    "live.noCamera": "이 현장에는 게이트 카메라가 없습니다.",
    "live.pause": "일시 정지",
    "live.resume": "실시간 보기",
    "live.frameAlt": "{camera} 실시간 화면",
    legend: "상자 색상",
    "state.tracking": "추적 중",
    "state.capturing": "캡처 중",
    "state.captured": "캡처 완료",
    "state.none": "감지됨",
    "activity.title": "처리 현황",
    "activity.empty": "아직 없음: 게이트 카메라가 보고하는 대로 여기에 표시됩니다.",
    "activity.detected": "컨테이너 감지",
    "activity.capture-attempt": "캡처 시도",
    "activity.ocr-result": "OCR 결과",
    "activity.processing-started": "처리 시작",
    "activity.processing-stopped": "처리 중지",
    "activity.error": "오류",
    "activity.track": "추적 {id}",
    "activity.valid": "유효",
    "activity.invalid": "유효하지 않음",
  },
};
