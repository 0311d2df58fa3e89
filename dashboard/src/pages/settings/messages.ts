import type { Messages } from "../../i18n/locale.js";

export const settingsMessages: Messages<
  | "title"
  | "readOnly"
  | "site.title"
  | "site.name"
  | "site.timezone"
  | "site.held"
  | "site.vacant"
  | "save"
  | "saved"
  | "failed"
  | "devices.title"
  | "devices.none"
  | "device.name"
  | "device.rename"
  | "device.agent"
  | "device.revision"
  | "device.status"
  | "device.revoke"
  | "device.revokeConfirm"
  | "device.reenroll"
  | "device.reenrollIntro"
  | "device.revoked"
  | "device.online"
  | "device.offline"
  | "cameras.title"
  | "cameras.none"
  | "camera.name"
  | "camera.role"
  | "camera.enabled"
  | "camera.interval"
  | "camera.push"
  | "role.seats"
  | "role.gate"
  | "role.attention"
> = {
  en: {
    title: "Settings",
    readOnly: "Only administrators can change these settings.",
    "site.title": "Site",
    "site.name": "Name",
    "site.timezone": "Time zone",
    "site.held": "Seat-held alert after (minutes)",
    "site.vacant": "Seat-vacant alert after (hours)",
    save: "Save",
    saved: "Saved",
    failed: "Could not save: {message}",
    "devices.title": "Devices and cameras",
    "devices.none": "No devices yet. Create an enrolment token on the Devices page.",
    "device.name": "Device name",
    "device.rename": "Rename",
    "device.agent": "Agent version",
    "device.revision": "Config revision",
    "device.status": "Status",
    "device.revoke": "Revoke",
    "device.revokeConfirm": "Revoke {device}? It can no longer connect until it is enrolled again.",
    "device.reenroll": "Re-enrol",
    "device.reenrollIntro": "Run this on {device} to enrol it again with new credentials.",
    "device.revoked": "revoked",
    "device.online": "online",
    "device.offline": "offline",
    "cameras.title": "Cameras of {device}",
    "cameras.none": "No cameras configured.",
    "camera.name": "Camera name",
    "camera.role": "Role",
    "camera.enabled": "Enabled",
    "camera.interval": "Sample interval (ms)",
    "camera.push": "Device: {status}",
    "role.seats": "Seats",
    "role.gate": "Gate",
    "role.attention": "Focus",
  },
  ko: {
    title: "설정",
    readOnly: "관리자만 이 설정을 바꿀 수 있습니다.",
    "site.title": "사이트",
    "site.name": "이름",
    "site.timezone": "시간대",
    "site.held": "좌석 맡아두기 알림 기준 (분)",
    "site.vacant": "좌석 비어 있음 알림 기준 (시간)",
    save: "저장",
    saved: "저장됨",
    failed: "저장하지 못했습니다: {message}",
    "devices.title": "장치와 카메라",
    "devices.none": "아직 장치가 없습니다. 장치 페이지에서 등록 토큰을 만드세요.",
    "device.name": "장치 이름",
    "device.rename": "이름 바꾸기",
    "device.agent": "에이전트 버전",
    "device.revision": "설정 리비전",
    "device.status": "상태",
    "device.revoke": "폐기",
    "device.revokeConfirm": "{device}를 폐기할까요? 다시 등록하기 전까지 연결할 수 없습니다.",
    "device.reenroll": "다시 등록",
    "device.reenrollIntro": "{device}에서 이 명령을 실행하면 새 자격 증명으로 다시 등록됩니다.",
    "device.revoked": "폐기됨",
    "device.online": "온라인",
    "device.offline": "오프라인",
    "cameras.title": "{device}의 카메라",
    "cameras.none": "설정된 카메라가 없습니다.",
    "camera.name": "카메라 이름",
    "camera.role": "역할",
    "camera.enabled": "사용",
    "camera.interval": "샘플 간격 (ms)",
    "camera.push": "장치: {status}",
    "role.seats": "좌석",
    "role.gate": "게이트",
    "role.attention": "집중",
  },
};
