import type { Messages } from "../../../i18n/locale.js";

type Key =
  | "title"
  | "camera"
  | "noCameras"
  | "canvasLabel"
  | "newSeat"
  | "drawHint"
  | "finish"
  | "cancel"
  | "seats"
  | "noSeats"
  | "name"
  | "select"
  | "delete"
  | "confirmDelete"
  | "save"
  | "discard"
  | "saving"
  | "saved"
  | "nothingToSave"
  | "unsaved"
  | "fixFirst"
  | "points"
  | "push.completed"
  | "push.accepted"
  | "push.offline"
  | "push.failed"
  | "push.timeout"
  | "push.skipped"
  | "name.required"
  | "name.duplicate"
  | "name.invalid"
  | "poly.tooFew"
  | "poly.outside"
  | "poly.crossing"
  | "poly.area"
  | "deleteFailed";

export const seatEditorMessages: Messages<Key> = {
  en: {
    title: "Seat editor",
    camera: "Camera",
    noCameras: "This site has no seat cameras yet.",
    canvasLabel: "Seat polygons on camera {camera}",
    newSeat: "Draw a new seat",
    drawHint:
      "Click to add points; click the first point or press Enter to close the polygon, Escape to cancel.",
    finish: "Close polygon",
    cancel: "Cancel",
    seats: "Seats on this camera",
    noSeats: "No seats on this camera yet.",
    name: "Name",
    select: "Edit",
    delete: "Delete",
    confirmDelete: "Delete seat {seat}? Its history is kept.",
    save: "Save",
    discard: "Discard changes",
    saving: "Saving…",
    saved: "Saved.",
    nothingToSave: "Nothing changed.",
    unsaved: "{count} unsaved changes",
    fixFirst: "Fix the marked seats before saving.",
    points: "{count} points",
    "push.completed": "Pushed to {device}.",
    "push.accepted": "Sent to {device}; it is applying the new seats.",
    "push.offline": "{device} is offline; the seats will be sent when it reconnects.",
    "push.failed": "Pushing to {device} failed: {message}",
    "push.timeout": "{device} did not answer in time; it gets the seats when it next connects.",
    "push.skipped": "Not sent to {device}: {message}",
    "name.required": "Give the seat a name, e.g. 1A.",
    "name.duplicate": "Another seat already has this name.",
    "name.invalid": "1–32 letters, digits, '-' or '_', starting with a letter or digit.",
    "poly.tooFew": "A seat needs at least 3 points.",
    "poly.outside": "Every point must lie inside the picture.",
    "poly.crossing": "The edges must not cross ({detail}).",
    "poly.area": "The polygon has (almost) no area.",
    deleteFailed: "Seat {seat} could not be deleted: {message}",
  },
  ko: {
    title: "좌석 편집",
    camera: "카메라",
    noCameras: "이 사이트에는 아직 좌석 카메라가 없습니다.",
    canvasLabel: "카메라 {camera}의 좌석 영역",
    newSeat: "새 좌석 그리기",
    drawHint: "클릭해서 점을 추가하고, 첫 점을 클릭하거나 Enter를 누르면 닫힙니다. Esc는 취소입니다.",
    finish: "영역 닫기",
    cancel: "취소",
    seats: "이 카메라의 좌석",
    noSeats: "이 카메라에는 아직 좌석이 없습니다.",
    name: "이름",
    select: "편집",
    delete: "삭제",
    confirmDelete: "좌석 {seat}을(를) 삭제할까요? 기록은 유지됩니다.",
    save: "저장",
    discard: "변경 취소",
    saving: "저장 중…",
    saved: "저장했습니다.",
    nothingToSave: "변경된 내용이 없습니다.",
    unsaved: "저장하지 않은 변경 {count}건",
    fixFirst: "표시된 좌석을 먼저 수정하세요.",
    points: "점 {count}개",
    "push.completed": "{device}에 전송했습니다.",
    "push.accepted": "{device}에 보냈습니다. 새 좌석을 적용하는 중입니다.",
    "push.offline": "{device}가 오프라인입니다. 다시 연결되면 전송됩니다.",
    "push.failed": "{device}에 전송하지 못했습니다: {message}",
    "push.timeout": "{device}가 제때 응답하지 않았습니다. 다음 연결 때 전송됩니다.",
    "push.skipped": "{device}에 보내지 않았습니다: {message}",
    "name.required": "좌석 이름을 입력하세요 (예: 1A).",
    "name.duplicate": "같은 이름의 좌석이 이미 있습니다.",
    "name.invalid": "영문자·숫자·'-'·'_' 1–32자, 영문자나 숫자로 시작해야 합니다.",
    "poly.tooFew": "좌석에는 점이 3개 이상 필요합니다.",
    "poly.outside": "모든 점은 사진 안에 있어야 합니다.",
    "poly.crossing": "변이 서로 교차하면 안 됩니다 ({detail}).",
    "poly.area": "영역의 넓이가 (거의) 없습니다.",
    deleteFailed: "좌석 {seat}을(를) 삭제하지 못했습니다: {message}",
  },
};
