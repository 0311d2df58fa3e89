import type { Messages } from "../i18n/locale.js";

export const appMessages: Messages<
  | "appName"
  | "nav.map"
  | "nav.stats"
  | "nav.editor"
  | "nav.devices"
  | "nav.gate"
  | "nav.gateSettings"
  | "nav.focus"
  | "nav.focusReports"
  | "nav.focusLive"
  | "nav.focusSettings"
  | "nav.archive"
  | "nav.settings"
  | "nav.notifications"
  | "admin"
  | "site"
  | "chooseSite"
  | "language"
  | "logout"
  | "online"
  | "connecting"
  | "offline"
  | "offlineRetry"
  | "noSites"
  | "loading"
  | "loadFailed"
  | "retry"
  | "login.title"
  | "login.email"
  | "login.password"
  | "login.submit"
  | "login.failed"
  | "notFound"
  | "mainNav"
  | "login.signedOut"
  | "access.siteLost"
  | "dismiss"
> = {
  en: {
    appName: "Sitewatch",
    "nav.map": "Seat map",
    "nav.stats": "Statistics",
    "nav.editor": "Seat editor",
    "nav.devices": "Devices",
    "nav.gate": "Gate log",
    "nav.gateSettings": "Gate settings",
    "nav.focus": "Focus",
    "nav.focusReports": "Focus reports",
    "nav.focusLive": "Live focus",
    "nav.focusSettings": "Focus settings",
    "nav.archive": "Archive",
    "nav.settings": "Settings",
    "nav.notifications": "Notifications",
    admin: "Admin",
    site: "Site",
    chooseSite: "Open a site…",
    language: "Language",
    logout: "Log out",
    online: "Live",
    connecting: "Connecting…",
    offline: "Offline",
    offlineRetry: "Offline — retrying (attempt {attempt})",
    noSites: "Your account has no sites yet. Ask an administrator to give you access.",
    loading: "Loading…",
    loadFailed: "Could not load: {message}",
    retry: "Retry",
    "login.title": "Sign in to Sitewatch",
    "login.email": "Email",
    "login.password": "Password",
    "login.submit": "Sign in",
    "login.failed": "Sign-in failed: {message}",
    notFound: "This page does not exist.",
    mainNav: "Main navigation",
    "login.signedOut": "You were signed out: {message}. Sign in again, or ask an administrator.",
    "access.siteLost": "{site} is no longer available to you: {message}.",
    dismiss: "Dismiss",
  },
  ko: {
    appName: "Sitewatch",
    "nav.map": "좌석 현황",
    "nav.stats": "통계",
    "nav.editor": "좌석 편집",
    "nav.devices": "장치",
    "nav.gate": "게이트 기록",
    "nav.gateSettings": "게이트 설정",
    "nav.focus": "집중",
    "nav.focusReports": "집중 리포트",
    "nav.focusLive": "실시간 집중",
    "nav.focusSettings": "집중 설정",
    "nav.archive": "아카이브",
    "nav.settings": "설정",
    "nav.notifications": "알림",
    admin: "관리",
    site: "사이트",
    chooseSite: "사이트 열기…",
    language: "언어",
    logout: "로그아웃",
    online: "실시간",
    connecting: "연결 중…",
    offline: "오프라인",
    offlineRetry: "오프라인 — 재연결 중 ({attempt}회차)",
    noSites: "아직 접근할 수 있는 사이트가 없습니다. 관리자에게 권한을 요청하세요.",
    loading: "불러오는 중…",
    loadFailed: "불러오지 못했습니다: {message}",
    retry: "다시 시도",
    "login.title": "Sitewatch 로그인",
    "login.email": "이메일",
    "login.password": "비밀번호",
    "login.submit": "로그인",
    "login.failed": "로그인 실패: {message}",
    notFound: "존재하지 않는 페이지입니다.",
    mainNav: "주 메뉴",
    "login.signedOut": "로그아웃되었습니다: {message}. 다시 로그인하거나 관리자에게 문의하세요.",
    "access.siteLost": "{site}에 더 이상 접근할 수 없습니다: {message}.",
    dismiss: "닫기",
  },
};
