import type { Messages } from "../../i18n/locale.js";

type Key =
  | "title"
  | "intro"
  | "readOnly"
  | "channels.title"
  | "channels.none"
  | "channels.add"
  | "kind.webhook"
  | "kind.ntfy"
  | "kind.email"
  | "field.kind"
  | "field.name"
  | "field.url"
  | "field.topicUrl"
  | "field.priority"
  | "field.priorityAuto"
  | "field.tags"
  | "field.token"
  | "field.host"
  | "field.port"
  | "field.security"
  | "field.user"
  | "field.password"
  | "field.from"
  | "field.to"
  | "field.secretKeep"
  | "field.enabled"
  | "field.kinds"
  | "field.allKinds"
  | "field.events"
  | "field.quiet"
  | "field.quietOn"
  | "field.quietStart"
  | "field.quietEnd"
  | "quietHint"
  | "security.tls"
  | "security.starttls"
  | "security.none"
  | "event.raised"
  | "event.resolved"
  | "event.acknowledged"
  | "event.test"
  | "save"
  | "cancel"
  | "edit"
  | "delete"
  | "deleteConfirm"
  | "test"
  | "testSent"
  | "testFailed"
  | "rotate"
  | "secretTitle"
  | "secretHint"
  | "secretLabel"
  | "failed"
  | "disabled"
  | "hasSecret"
  | "log.title"
  | "log.none"
  | "log.channel"
  | "log.allChannels"
  | "log.when"
  | "log.event"
  | "log.alert"
  | "log.status"
  | "log.attempts"
  | "log.result"
  | "log.more"
  | "status.pending"
  | "status.sent"
  | "status.failed";

export const notificationMessages: Messages<Key> = {
  en: {
    title: "Notifications",
    intro: "Send this site's alerts to a webhook, a push topic (ntfy) or e-mail.",
    readOnly: "Only administrators can change notification channels.",
    "channels.title": "Channels",
    "channels.none": "No channels yet: alerts are only shown in the dashboard.",
    "channels.add": "Add channel",
    "kind.webhook": "Webhook",
    "kind.ntfy": "Push (ntfy)",
    "kind.email": "E-mail",
    "field.kind": "Type",
    "field.name": "Name",
    "field.url": "URL",
    "field.topicUrl": "Topic URL",
    "field.priority": "Priority",
    "field.priorityAuto": "Automatic",
    "field.tags": "Tags (comma separated)",
    "field.token": "Access token",
    "field.host": "SMTP host",
    "field.port": "Port",
    "field.security": "Security",
    "field.user": "User name",
    "field.password": "Password",
    "field.from": "From",
    "field.to": "To (comma separated)",
    "field.secretKeep": "Leave empty to keep the stored one",
    "field.enabled": "Enabled",
    "field.kinds": "Alert kinds",
    "field.allKinds": "All kinds",
    "field.events": "Send when an alert is",
    "field.quiet": "Quiet hours",
    "field.quietOn": "Use quiet hours",
    "field.quietStart": "From",
    "field.quietEnd": "Until",
    quietHint:
      "In the site's time zone. Seat alerts are skipped then; camera and device alerts still go out.",
    "security.tls": "TLS (port 465)",
    "security.starttls": "STARTTLS (port 587)",
    "security.none": "None",
    "event.raised": "raised",
    "event.resolved": "resolved",
    "event.acknowledged": "acknowledged",
    "event.test": "test",
    save: "Save",
    cancel: "Cancel",
    edit: "Edit",
    delete: "Delete",
    deleteConfirm: "Delete {name} and its delivery log? Click Delete again.",
    test: "Send test",
    testSent: "Test sent ({code})",
    testFailed: "Test failed: {error}",
    rotate: "New secret",
    secretTitle: "Signing secret of {name}",
    secretHint: "Verify X-Sitewatch-Signature (HMAC-SHA256 of timestamp.body) with it.",
    secretLabel: "Secret",
    failed: "Could not save: {message}",
    disabled: "disabled",
    hasSecret: "secret stored",
    "log.title": "Delivery log",
    "log.none": "Nothing sent yet.",
    "log.channel": "Channel",
    "log.allChannels": "All channels",
    "log.when": "When",
    "log.event": "Event",
    "log.alert": "Alert",
    "log.status": "Status",
    "log.attempts": "Attempts",
    "log.result": "Result",
    "log.more": "Older",
    "status.pending": "pending",
    "status.sent": "sent",
    "status.failed": "failed",
  },
  ko: {
    title: "알림",
    intro: "이 사이트의 알림을 웹훅, 푸시 토픽(ntfy) 또는 이메일로 보냅니다.",
    readOnly: "관리자만 알림 채널을 바꿀 수 있습니다.",
    "channels.title": "채널",
    "channels.none": "채널이 없습니다. 알림은 대시보드에만 표시됩니다.",
    "channels.add": "채널 추가",
    "kind.webhook": "웹훅",
    "kind.ntfy": "푸시 (ntfy)",
    "kind.email": "이메일",
    "field.kind": "종류",
    "field.name": "이름",
    "field.url": "URL",
    "field.topicUrl": "토픽 URL",
    "field.priority": "우선순위",
    "field.priorityAuto": "자동",
    "field.tags": "태그 (쉼표로 구분)",
    "field.token": "액세스 토큰",
    "field.host": "SMTP 호스트",
    "field.port": "포트",
    "field.security": "보안",
    "field.user": "사용자 이름",
    "field.password": "비밀번호",
    "field.from": "보낸 사람",
    "field.to": "받는 사람 (쉼표로 구분)",
    "field.secretKeep": "비워 두면 저장된 값을 유지합니다",
    "field.enabled": "사용",
    "field.kinds": "알림 종류",
    "field.allKinds": "모든 종류",
    "field.events": "보낼 때",
    "field.quiet": "방해 금지 시간",
    "field.quietOn": "방해 금지 시간 사용",
    "field.quietStart": "시작",
    "field.quietEnd": "끝",
    quietHint: "사이트 시간대 기준입니다. 이 시간에는 좌석 알림을 건너뛰고, 카메라와 장치 알림은 보냅니다.",
    "security.tls": "TLS (포트 465)",
    "security.starttls": "STARTTLS (포트 587)",
    "security.none": "없음",
    "event.raised": "발생",
    "event.resolved": "해제",
    "event.acknowledged": "확인",
    "event.test": "테스트",
    save: "저장",
    cancel: "취소",
    edit: "편집",
    delete: "삭제",
    deleteConfirm: "{name}과 전송 기록을 삭제할까요? 삭제를 한 번 더 누르세요.",
    test: "테스트 보내기",
    testSent: "테스트 전송됨 ({code})",
    testFailed: "테스트 실패: {error}",
    rotate: "새 비밀 키",
    secretTitle: "{name}의 서명 비밀 키",
    secretHint: "이 키로 X-Sitewatch-Signature(timestamp.body의 HMAC-SHA256)를 확인하세요.",
    secretLabel: "비밀 키",
    failed: "저장하지 못했습니다: {message}",
    disabled: "사용 안 함",
    hasSecret: "비밀 값 저장됨",
    "log.title": "전송 기록",
    "log.none": "아직 보낸 알림이 없습니다.",
    "log.channel": "채널",
    "log.allChannels": "모든 채널",
    "log.when": "시각",
    "log.event": "이벤트",
    "log.alert": "알림",
    "log.status": "상태",
    "log.attempts": "시도",
    "log.result": "결과",
    "log.more": "이전 기록",
    "status.pending": "대기 중",
    "status.sent": "보냄",
    "status.failed": "실패",
  },
};
