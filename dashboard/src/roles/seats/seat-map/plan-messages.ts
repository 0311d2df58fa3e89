import type { Messages } from "../../../i18n/locale.js";

/** Text of the seat map's floor plan, its view switch and the camera pictures. */
type Key =
  | "view.label"
  | "view.groups"
  | "view.plan"
  | "plan.label"
  | "plan.hint"
  | "plan.saveFailed"
  | "cameras.label"
  | "camera.open"
  | "camera.title"
  | "camera.close"
  | "camera.shapes";

export const planMessages: Messages<Key> = {
  en: {
    "view.label": "Arrange seats",
    "view.groups": "By camera",
    "view.plan": "Layout",
    "plan.label": "Floor plan",
    "plan.hint":
      "Drag a tile to where the seat is in the room, or focus it and use the arrow keys (Shift for bigger steps).",
    "plan.saveFailed": "Seat {seat} could not be placed: {message}",
    "cameras.label": "Camera pictures",
    "camera.open": "{camera} ({device})",
    "camera.title": "Camera {camera} on {device}",
    "camera.close": "Close",
    "camera.shapes": "Seats on camera {camera}",
  },
  ko: {
    "view.label": "좌석 배치",
    "view.groups": "카메라별",
    "view.plan": "배치도",
    "plan.label": "평면도",
    "plan.hint":
      "타일을 끌어 실제 좌석 위치에 놓거나, 타일에 초점을 두고 화살표 키로 옮기세요(Shift는 크게 이동).",
    "plan.saveFailed": "{seat} 좌석의 위치를 저장하지 못했습니다: {message}",
    "cameras.label": "카메라 사진",
    "camera.open": "{camera} ({device})",
    "camera.title": "{device}의 카메라 {camera}",
    "camera.close": "닫기",
    "camera.shapes": "카메라 {camera}의 좌석",
  },
};
