import type { Messages } from "../../i18n/locale.js";

export const setupMessages: Messages<
  | "password.title"
  | "password.intro"
  | "password.current"
  | "password.new"
  | "password.repeat"
  | "password.mismatch"
  | "password.short"
  | "password.submit"
  | "password.failed"
  | "wizard.title"
  | "wizard.intro"
  | "wizard.steps"
  | "step.site"
  | "step.token"
  | "step.device"
  | "site.intro"
  | "token.intro"
  | "token.next"
  | "device.intro"
  | "device.waiting"
  | "device.online"
  | "device.enrolled"
  | "device.open"
  | "progress"
> = {
  en: {
    "password.title": "Choose your password",
    "password.intro": "You signed in with a one-time password. Choose your own before you continue.",
    "password.current": "Current (one-time) password",
    "password.new": "New password",
    "password.repeat": "Repeat the new password",
    "password.mismatch": "The two new passwords differ.",
    "password.short": "Use at least 8 characters.",
    "password.submit": "Change password",
    "password.failed": "Could not change the password: {message}",
    "wizard.title": "Set up Sitewatch",
    "wizard.intro": "Three steps to a live seat map: a site, an enrolment token, and the first edge device.",
    "wizard.steps": "Setup steps",
    "step.site": "Create the first site",
    "step.token": "Create an enrolment token",
    "step.device": "Connect the first device",
    "site.intro":
      "A site is one place you watch, e.g. a study café. Its time zone sets the local hours of the statistics.",
    "token.intro":
      "Create a token, then run the command on the edge device (it needs Node.js and the edge agent).",
    "token.next": "I ran the command",
    "device.intro": "Waiting for a device of {site} to come online…",
    "device.waiting": "No device online yet. This page updates by itself.",
    "device.online": "{device} is online.",
    "device.enrolled": "{device} is enrolled but not online yet.",
    "device.open": "Open the seat map",
    progress: "So far: {sites} sites, {devices} devices ({online} online)",
  },
  ko: {
    "password.title": "비밀번호 정하기",
    "password.intro": "일회용 비밀번호로 로그인했습니다. 계속하기 전에 직접 비밀번호를 정하세요.",
    "password.current": "현재(일회용) 비밀번호",
    "password.new": "새 비밀번호",
    "password.repeat": "새 비밀번호 확인",
    "password.mismatch": "두 새 비밀번호가 다릅니다.",
    "password.short": "8자 이상으로 정하세요.",
    "password.submit": "비밀번호 변경",
    "password.failed": "비밀번호를 바꾸지 못했습니다: {message}",
    "wizard.title": "Sitewatch 시작하기",
    "wizard.intro": "사이트, 등록 토큰, 첫 엣지 장치 — 세 단계면 실시간 좌석 현황을 볼 수 있습니다.",
    "wizard.steps": "설정 단계",
    "step.site": "첫 사이트 만들기",
    "step.token": "등록 토큰 만들기",
    "step.device": "첫 장치 연결",
    "site.intro":
      "사이트는 지켜볼 한 장소입니다(예: 스터디 카페). 시간대에 따라 통계의 현지 시간이 정해집니다.",
    "token.intro": "토큰을 만든 뒤 엣지 장치에서 명령을 실행하세요(Node.js와 엣지 에이전트가 필요합니다).",
    "token.next": "명령을 실행했습니다",
    "device.intro": "{site}의 장치가 온라인이 되기를 기다리는 중…",
    "device.waiting": "아직 온라인 장치가 없습니다. 이 페이지는 자동으로 갱신됩니다.",
    "device.online": "{device} 온라인.",
    "device.enrolled": "{device} 등록됨, 아직 오프라인.",
    "device.open": "좌석 현황 열기",
    progress: "현재: 사이트 {sites}개, 장치 {devices}대 (온라인 {online})",
  },
};
