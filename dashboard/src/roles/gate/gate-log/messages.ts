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
  | "col.crop"
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
  | "newEntry"
  | "number.unverified"
  | "passage.same"
  | "crop.alt"
  | "number.notValid"
  | "crop.open"
  | "crop.close"
  | "crop.loading"
  | "crop.failed";

export const gateLogMessages: Messages<Key> = {
  en: {
    title: "Gate log",
    filters: "Filters",
    from: "From",
    to: "To",
    number: "Container number",
    numberHint: "Part of the number, e.g. CSQU or 3054",
    clear: "Clear filters",
    "col.time": "Time",
    "col.crop": "Picture",
    "col.number": "Container",
    "col.check": "Check digit",
    "col.direction": "Direction",
    "col.camera": "Camera",
    "col.vehicle": "Vehicle",
    "col.confidence": "Confidence",
    "check.valid": "valid",
    "check.invalid": "invalid",
    "check.none": "no valid code",
    "dir.in": "In",
    "dir.out": "Out",
    "dir.unknown": "Unknown",
    newer: "Newer",
    older: "Load older",
    page: "Page {page}",
    empty: "No gate entries match these filters.",
    live: "New entries appear here as they arrive.",
    newEntry: "New gate entry: {number}",
    "number.unverified": "Not a valid container number: this is what OCR read",
    "passage.same": "Same truck as the row above",
    "crop.alt": "Crop of {number}",
    "number.notValid": "{text} (not valid)",
    "crop.open": "Show the crop larger",
    "crop.close": "Close",
    "crop.loading": "Loading the crop",
    "crop.failed": "The crop could not be loaded",
  },
  ko: {
    title: "게이트 기록",
    filters: "필터",
    from: "시작일",
    to: "종료일",
    number: "컨테이너 번호",
    numberHint: "번호 일부, 예: CSQU 또는 3054",
    clear: "필터 지우기",
    "col.time": "시각",
    "col.crop": "사진",
    "col.number": "컨테이너",
    "col.check": "검증 숫자",
    "col.direction": "방향",
    "col.camera": "카메라",
    "col.vehicle": "차량",
    "col.confidence": "신뢰도",
    "check.valid": "유효",
    "check.invalid": "오류",
    "check.none": "유효 번호 없음",
    "dir.in": "입문",
    "dir.out": "출문",
    "dir.unknown": "알 수 없음",
    newer: "최신",
    older: "이전 기록 더 보기",
    page: "{page}쪽",
    empty: "조건에 맞는 게이트 기록이 없습니다.",
    live: "새 기록은 도착하는 대로 여기에 표시됩니다.",
    newEntry: "새 게이트 기록: {number}",
    "number.unverified": "유효한 컨테이너 번호가 아닙니다: OCR이 읽은 그대로입니다",
    "passage.same": "위 행과 같은 트럭",
    "crop.alt": "{number} 크롭 이미지",
    "number.notValid": "{text} (유효하지 않음)",
    "crop.open": "크롭 이미지 크게 보기",
    "crop.close": "닫기",
    "crop.loading": "크롭 이미지를 불러오는 중",
    "crop.failed": "크롭 이미지를 불러오지 못했습니다",
  },
};
