import type { Messages } from "../../i18n/locale.js";

/** The admin area's frame and its sites page. */
export const adminMessages: Messages<
  | "title"
  | "nav"
  | "nav.sites"
  | "nav.users"
  | "nav.tokens"
  | "adminOnly"
  | "sites.title"
  | "sites.none"
  | "sites.create"
  | "sites.id"
  | "sites.idHint"
  | "sites.name"
  | "sites.timezone"
  | "sites.created"
  | "sites.thresholds"
  | "sites.thresholdValues"
  | "sites.edit"
  | "sites.close"
  | "sites.delete"
  | "sites.deleteWarning"
  | "sites.deleteType"
  | "sites.deleteConfirm"
  | "sites.deleted"
  | "failed"
  | "once"
  | "copy"
  | "copied"
  | "cancel"
> = {
  en: {
    title: "Administration",
    nav: "Administration",
    "nav.sites": "Sites",
    "nav.users": "Users",
    "nav.tokens": "API tokens",
    adminOnly: "Only administrators can open this page.",
    "sites.title": "Sites",
    "sites.none": "No sites yet. Create the first one below.",
    "sites.create": "Create site",
    "sites.id": "Site ID",
    "sites.idHint": "Letters, digits, '-' or '_' (used in MQTT topics and URLs; cannot change later)",
    "sites.name": "Name",
    "sites.timezone": "Time zone",
    "sites.created": "Created",
    "sites.thresholds": "Alerts",
    "sites.thresholdValues": "held > {held} min, vacant > {vacant} h",
    "sites.edit": "Edit",
    "sites.close": "Close",
    "sites.delete": "Delete",
    "sites.deleteWarning":
      "Deleting {site} removes its devices, cameras, seats and history. This cannot be undone.",
    "sites.deleteType": "Type {id} to confirm",
    "sites.deleteConfirm": "Delete for good",
    "sites.deleted": "Site {site} deleted.",
    failed: "Failed: {message}",
    once: "Copy it now: it is shown only once.",
    copy: "Copy",
    copied: "Copied",
    cancel: "Cancel",
  },
  ko: {
    title: "관리",
    nav: "관리",
    "nav.sites": "사이트",
    "nav.users": "사용자",
    "nav.tokens": "API 토큰",
    adminOnly: "관리자만 이 페이지를 열 수 있습니다.",
    "sites.title": "사이트",
    "sites.none": "아직 사이트가 없습니다. 아래에서 첫 사이트를 만드세요.",
    "sites.create": "사이트 만들기",
    "sites.id": "사이트 ID",
    "sites.idHint": "영문, 숫자, '-', '_' (MQTT 토픽과 주소에 쓰이며 나중에 바꿀 수 없습니다)",
    "sites.name": "이름",
    "sites.timezone": "시간대",
    "sites.created": "생성",
    "sites.thresholds": "알림",
    "sites.thresholdValues": "맡아두기 {held}분 초과, 빈 좌석 {vacant}시간 초과",
    "sites.edit": "편집",
    "sites.close": "닫기",
    "sites.delete": "삭제",
    "sites.deleteWarning":
      "{site}를 삭제하면 장치, 카메라, 좌석, 기록이 모두 사라집니다. 되돌릴 수 없습니다.",
    "sites.deleteType": "확인하려면 {id}를 입력하세요",
    "sites.deleteConfirm": "영구 삭제",
    "sites.deleted": "사이트 {site}를 삭제했습니다.",
    failed: "실패: {message}",
    once: "지금 복사하세요. 한 번만 표시됩니다.",
    copy: "복사",
    copied: "복사됨",
    cancel: "취소",
  },
};
