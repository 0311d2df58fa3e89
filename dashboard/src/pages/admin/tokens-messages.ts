import type { Messages } from "../../i18n/locale.js";

export const tokensMessages: Messages<
  | "title"
  | "intro"
  | "none"
  | "create"
  | "name"
  | "scope"
  | "scope.read"
  | "scope.admin"
  | "expiry"
  | "never"
  | "days"
  | "created"
  | "lastUsed"
  | "expires"
  | "state"
  | "active"
  | "revoked"
  | "expired"
  | "revoke"
  | "secret"
  | "newToken"
  | "usage"
  | "failed"
> = {
  en: {
    title: "API tokens",
    intro: "Tokens let scripts and integrations call the REST API as you. Read tokens may only read.",
    none: "No API tokens yet.",
    create: "Create token",
    name: "Name",
    scope: "Scope",
    "scope.read": "read",
    "scope.admin": "admin",
    expiry: "Expires",
    never: "never",
    days: "in {count} days",
    created: "Created",
    lastUsed: "Last used",
    expires: "Expires",
    state: "State",
    active: "active",
    revoked: "revoked",
    expired: "expired",
    revoke: "Revoke",
    secret: "Token",
    newToken: "New API token {name}",
    usage: "Send it as the header: Authorization: Bearer <token>",
    failed: "Failed: {message}",
  },
  ko: {
    title: "API 토큰",
    intro: "토큰으로 스크립트와 연동 서비스가 내 권한으로 REST API를 호출합니다. 읽기 토큰은 조회만 합니다.",
    none: "아직 API 토큰이 없습니다.",
    create: "토큰 만들기",
    name: "이름",
    scope: "범위",
    "scope.read": "읽기",
    "scope.admin": "관리",
    expiry: "만료",
    never: "없음",
    days: "{count}일 후",
    created: "생성",
    lastUsed: "마지막 사용",
    expires: "만료",
    state: "상태",
    active: "사용 중",
    revoked: "폐기됨",
    expired: "만료됨",
    revoke: "폐기",
    secret: "토큰",
    newToken: "새 API 토큰 {name}",
    usage: "헤더로 보내세요: Authorization: Bearer <토큰>",
    failed: "실패: {message}",
  },
};
