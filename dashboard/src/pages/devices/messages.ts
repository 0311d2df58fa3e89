import type { Messages } from "../../i18n/locale.js";

export const devicesMessages: Messages<
  | "title"
  | "none"
  | "online"
  | "offline"
  | "revoked"
  | "lastSeen"
  | "lastSeenAgo"
  | "never"
  | "agent"
  | "config"
  | "config.applied"
  | "config.local"
  | "config.unreported"
  | "config.behind"
  | "uptime"
  | "cpu"
  | "memory"
  | "outbox"
  | "cameras"
  | "noHealth"
  | "col.camera"
  | "col.state"
  | "col.fps"
  | "col.inference"
  | "col.queue"
  | "col.dropped"
  | "tokens.title"
  | "tokens.intro"
  | "tokens.adminOnly"
  | "tokens.note"
  | "tokens.validity"
  | "tokens.hours"
  | "tokens.days"
  | "tokens.create"
  | "tokens.created"
  | "tokens.once"
  | "tokens.token"
  | "tokens.command"
  | "tokens.copy"
  | "tokens.copied"
  | "tokens.copyFailed"
  | "tokens.none"
  | "tokens.failed"
  | "col.note"
  | "col.tokenState"
  | "col.expires"
  | "col.usedBy"
  | "col.created"
  | "tokenState.active"
  | "tokenState.used"
  | "tokenState.expired"
  | "camState.connecting"
  | "camState.streaming"
  | "camState.reconnecting"
  | "camState.failed"
  | "latency.hub"
  | "latency.here"
  | "latency.p50p95"
  | "latency.p50"
  | "latency.samples"
  | "latency.none"
  | "latency.waiting"
  | "latency.hubClock"
  | "latency.browserClock"
  | "storage.full"
  | "storage.readOnly"
  | "storage.counts"
> = {
  en: {
    title: "Devices",
    none: "No devices yet. Create an enrolment token below and run the command on the new device.",
    online: "online",
    offline: "offline",
    revoked: "revoked",
    lastSeen: "Last seen",
    lastSeenAgo: "{duration} ago",
    never: "never",
    agent: "Agent",
    config: "Config",
    "config.applied": "revision {applied} of {latest} applied",
    "config.local": "local file (nothing pushed yet)",
    "config.unreported": "revision {latest} at the hub; not reported by this agent",
    "config.behind":
      "The device has not applied the hub's latest configuration: it was offline or refused it (see its commands).",
    uptime: "Uptime",
    cpu: "CPU",
    memory: "Memory",
    outbox: "Waiting to send",
    cameras: "Cameras of {device}",
    noHealth: "No heartbeat received yet.",
    "col.camera": "Camera",
    "col.state": "State",
    "col.fps": "FPS",
    "col.inference": "Inference (ms)",
    "col.queue": "Queue",
    "col.dropped": "Dropped frames",
    "tokens.title": "Enrolment tokens",
    "tokens.intro": "An installer enrols a new edge device with a single-use token.",
    "tokens.adminOnly": "Only administrators can see and create enrolment tokens.",
    "tokens.note": "Note (e.g. where the device goes)",
    "tokens.validity": "Valid for",
    "tokens.hours": "{count} h",
    "tokens.days": "{count} days",
    "tokens.create": "Create token",
    "tokens.created": "New enrolment token",
    "tokens.once": "Copy it now: the token is shown only once.",
    "tokens.token": "Token",
    "tokens.command": "Run on the device",
    "tokens.copy": "Copy",
    "tokens.copied": "Copied",
    "tokens.copyFailed": "Copy failed; select the text and copy it by hand.",
    "tokens.none": "No enrolment tokens yet.",
    "tokens.failed": "Could not create the token: {message}",
    "col.note": "Note",
    "col.tokenState": "State",
    "col.expires": "Expires",
    "col.usedBy": "Used by",
    "col.created": "Created",
    "tokenState.active": "active",
    "tokenState.used": "used",
    "tokenState.expired": "expired",
    "camState.connecting": "connecting",
    "camState.streaming": "streaming",
    "camState.reconnecting": "reconnecting",
    "camState.failed": "failed",
    "latency.hub": "Camera → hub",
    "latency.here": "Camera → this dashboard",
    "latency.p50p95": "{p50} ms median, {p95} ms p95",
    "latency.p50": "{p50} ms median ({count} changes)",
    "latency.samples": "Over the last {count} seat changes the hub received",
    "latency.none": "no seat changes yet",
    "latency.waiting": "waiting for a seat change",
    "latency.hubClock": "Measured on the hub's clock",
    "latency.browserClock":
      "Measured on this browser's clock (it is corrected to the hub's after a reconnect)",
    "storage.full": "Storage full",
    "storage.readOnly": "Storage read-only",
    "storage.counts": "{held} events held in memory, {dropped} dropped",
  },
  ko: {
    title: "장치",
    none: "아직 장치가 없습니다. 아래에서 등록 토큰을 만들고 새 장치에서 명령을 실행하세요.",
    online: "온라인",
    offline: "오프라인",
    revoked: "폐기됨",
    lastSeen: "마지막 연결",
    lastSeenAgo: "{duration} 전",
    never: "없음",
    agent: "에이전트",
    config: "설정",
    "config.applied": "리비전 {latest} 중 {applied} 적용됨",
    "config.local": "로컬 파일 (아직 배포된 설정 없음)",
    "config.unreported": "허브 리비전 {latest}, 에이전트가 보고하지 않음",
    "config.behind":
      "장치가 허브의 최신 설정을 아직 적용하지 않았습니다. 오프라인이었거나 거부했습니다 (명령 기록 확인).",
    uptime: "가동 시간",
    cpu: "CPU",
    memory: "메모리",
    outbox: "전송 대기",
    cameras: "{device}의 카메라",
    noHealth: "아직 상태 보고를 받지 못했습니다.",
    "col.camera": "카메라",
    "col.state": "상태",
    "col.fps": "FPS",
    "col.inference": "추론 (ms)",
    "col.queue": "대기열",
    "col.dropped": "누락 프레임",
    "tokens.title": "등록 토큰",
    "tokens.intro": "설치 기사는 일회용 토큰으로 새 엣지 장치를 등록합니다.",
    "tokens.adminOnly": "관리자만 등록 토큰을 보고 만들 수 있습니다.",
    "tokens.note": "메모 (예: 설치 위치)",
    "tokens.validity": "유효 기간",
    "tokens.hours": "{count}시간",
    "tokens.days": "{count}일",
    "tokens.create": "토큰 만들기",
    "tokens.created": "새 등록 토큰",
    "tokens.once": "지금 복사하세요. 토큰은 한 번만 표시됩니다.",
    "tokens.token": "토큰",
    "tokens.command": "장치에서 실행",
    "tokens.copy": "복사",
    "tokens.copied": "복사됨",
    "tokens.copyFailed": "복사하지 못했습니다. 텍스트를 선택해 직접 복사하세요.",
    "tokens.none": "아직 등록 토큰이 없습니다.",
    "tokens.failed": "토큰을 만들지 못했습니다: {message}",
    "col.note": "메모",
    "col.tokenState": "상태",
    "col.expires": "만료",
    "col.usedBy": "사용 장치",
    "col.created": "생성",
    "tokenState.active": "사용 가능",
    "tokenState.used": "사용됨",
    "tokenState.expired": "만료됨",
    "camState.connecting": "연결 중",
    "camState.streaming": "수신 중",
    "camState.reconnecting": "재연결 중",
    "camState.failed": "실패",
    "latency.hub": "카메라 → 허브",
    "latency.here": "카메라 → 이 대시보드",
    "latency.p50p95": "중앙값 {p50} ms, p95 {p95} ms",
    "latency.p50": "중앙값 {p50} ms (변경 {count}건)",
    "latency.samples": "허브가 받은 최근 좌석 변경 {count}건 기준",
    "latency.none": "아직 좌석 변경 없음",
    "latency.waiting": "좌석 변경을 기다리는 중",
    "latency.hubClock": "허브 시계 기준으로 측정",
    "latency.browserClock": "이 브라우저 시계 기준으로 측정 (재연결 후 허브 시계로 보정됨)",
    "storage.full": "저장 공간 부족",
    "storage.readOnly": "저장소 읽기 전용",
    "storage.counts": "메모리에 보관 중인 이벤트 {held}건, 유실 {dropped}건",
  },
};
