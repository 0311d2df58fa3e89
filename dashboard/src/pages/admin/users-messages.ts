import type { Messages } from "../../i18n/locale.js";

export const usersMessages: Messages<
  | "title"
  | "none"
  | "invite"
  | "email"
  | "name"
  | "role"
  | "sites"
  | "sitesHint"
  | "allSites"
  | "state"
  | "role.admin"
  | "role.site_manager"
  | "active"
  | "disabled"
  | "mustChange"
  | "edit"
  | "close"
  | "save"
  | "saved"
  | "reset"
  | "disable"
  | "enable"
  | "invited"
  | "resetDone"
  | "oneTime"
  | "oneTimeHint"
  | "failed"
> = {
  en: {
    title: "Users",
    none: "No users.",
    invite: "Invite user",
    email: "Email",
    name: "Name",
    role: "Role",
    sites: "Sites",
    sitesHint: "Site managers see only these sites",
    allSites: "all sites",
    state: "State",
    "role.admin": "Administrator",
    "role.site_manager": "Site manager",
    active: "active",
    disabled: "disabled",
    mustChange: "must change password",
    edit: "Edit",
    close: "Close",
    save: "Save",
    saved: "Saved",
    reset: "Reset password",
    disable: "Disable",
    enable: "Enable",
    invited: "{email} is invited.",
    resetDone: "New one-time password for {email}.",
    oneTime: "One-time password",
    oneTimeHint: "Give it to them privately; they choose their own password when they first sign in.",
    failed: "Failed: {message}",
  },
  ko: {
    title: "사용자",
    none: "사용자가 없습니다.",
    invite: "사용자 초대",
    email: "이메일",
    name: "이름",
    role: "역할",
    sites: "사이트",
    sitesHint: "사이트 관리자는 이 사이트만 봅니다",
    allSites: "모든 사이트",
    state: "상태",
    "role.admin": "관리자",
    "role.site_manager": "사이트 관리자",
    active: "활성",
    disabled: "비활성",
    mustChange: "비밀번호 변경 필요",
    edit: "편집",
    close: "닫기",
    save: "저장",
    saved: "저장됨",
    reset: "비밀번호 재설정",
    disable: "비활성화",
    enable: "활성화",
    invited: "{email}을 초대했습니다.",
    resetDone: "{email}의 새 일회용 비밀번호입니다.",
    oneTime: "일회용 비밀번호",
    oneTimeHint: "따로 안전하게 전달하세요. 처음 로그인할 때 직접 비밀번호를 정합니다.",
    failed: "실패: {message}",
  },
};
