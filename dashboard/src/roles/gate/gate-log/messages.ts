import type { Messages } from "../../../i18n/locale.js";

type Key =
  | "title"
  | "filters"
  | "from"
  | "to"
  | "number"
  | "numberHint"
  | "clear"
  | "col.time"
  | "col.number"
  | "col.check"
  | "col.direction"
  | "col.camera"
  | "col.vehicle"
  | "col.confidence"
  | "check.valid"
  | "check.invalid"
  | "check.none"
  | "dir.in"
  | "dir.out"
  | "dir.unknown"
  | "newer"
  | "older"
  | "page"
  | "empty"
  | "live"
  | "newEntry";

export const gateLogMessages: Messages<Key> = {
  en: {
    title: "Gate log",
    filters: "Filters",
    from: "From",
    to: "To",
    number: "Container number",
    numberHint: "Start of the number, e.g. CSQU 3054",
    clear: "Clear filters",
    "col.time": "Time",
    "col.number": "Container",
    "col.check": "Check digit",
    "col.direction": "Direction",
    "col.camera": "Camera",
    "col.vehicle": "Vehicle",
    "col.confidence": "Confidence",
    "check.valid": "valid",
    "check.invalid": "invalid",
    "check.none": "not read",
    "dir.in": "In",
    "dir.out": "Out",
    "dir.unknown": "Unknown",
    newer: "Newer",
    older: "Load older",
    page: "Page {page}",
    empty: "No gate entries match these filters.",
    live: "New entries appear here as they arrive.",
    newEntry: "New gate entry: {number}",
  },
  ko: {
    title: "게이트 기록",
    filters: "필터",
    from: "시작일",
    to: "종료일",
    number: "컨테이너 번호",
    numberHint: "번호 앞부분, 예: CSQU 3054",
    clear: "필터 지우기",
    "col.time": "시각",
    "col.number": "컨테이너",
    "col.check": "검증 숫자",
    "col.direction": "방향",
    "col.camera": "카메라",
    "col.vehicle": "차량",
    "col.confidence": "신뢰도",
    "check.valid": "유효",
    "check.invalid": "오류",
    "check.none": "인식 안 됨",
    "dir.in": "입문",
    "dir.out": "출문",
    "dir.unknown": "알 수 없음",
    newer: "최신",
    older: "이전 기록 더 보기",
    page: "{page}쪽",
    empty: "조건에 맞는 게이트 기록이 없습니다.",
    live: "새 기록은 도착하는 대로 여기에 표시됩니다.",
    newEntry: "새 게이트 기록: {number}",
  },
};
