import type { Messages } from "../../../i18n/locale.js";

export const seatMapMessages: Messages<
  | "title"
  | "state.empty"
  | "state.occupied"
  | "state.held"
  | "state.unknown"
  | "tile.label"
  | "group.label"
  | "noSeats"
  | "kpis"
  | "kpi.seats"
  | "kpi.occupied"
  | "kpi.held"
  | "kpi.avgStay"
  | "legend"
  | "alerts.title"
  | "alerts.none"
  | "alerts.ack"
  | "alerts.acked"
  | "alerts.ackFailed"
  | "kind.seat-held"
  | "kind.seat-vacant"
  | "kind.camera-offline"
  | "kind.device-offline"
  | "alert.seat-held"
  | "alert.seat-vacant"
  | "alert.camera-offline"
  | "alert.device-offline"
  | "detail.title"
  | "detail.close"
  | "detail.state"
  | "detail.since"
  | "detail.duration"
  | "detail.camera"
  | "detail.device"
  | "detail.timeline"
  | "detail.bar"
  | "detail.noEvents"
  | "detail.change"
  | "detail.stayed"
  | "detail.vacant"
  | "detail.truncated"
> = {
  en: {
    title: "Seat map",
    "state.empty": "empty",
    "state.occupied": "occupied",
    "state.held": "held",
    "state.unknown": "unknown",
    "tile.label": "Seat {seat}: {state}",
    "group.label": "Camera {camera} on {device}",
    noSeats: "No seats yet. Draw them in the seat editor.",
    kpis: "Key figures",
    "kpi.seats": "Seats",
    "kpi.occupied": "Occupied",
    "kpi.held": "Held now",
    "kpi.avgStay": "Average stay today",
    legend: "Legend",
    "alerts.title": "Alerts",
    "alerts.none": "No open alerts.",
    "alerts.ack": "Acknowledge",
    "alerts.acked": "Acknowledged by {by}",
    "alerts.ackFailed": "Could not acknowledge: {message}",
    "kind.seat-held": "Held over {minutes} min",
    "kind.seat-vacant": "Empty over {hours} h",
    "kind.camera-offline": "Camera offline",
    "kind.device-offline": "Device offline",
    "alert.seat-held": "Seat {subject} has been held for {duration}",
    "alert.seat-vacant": "Seat {subject} has been empty for {duration}",
    "alert.camera-offline": "Camera {subject} has not streamed for {duration}",
    "alert.device-offline": "Device {subject} has been offline for {duration}",
    "detail.title": "Seat {seat}",
    "detail.close": "Close",
    "detail.state": "State",
    "detail.since": "Since",
    "detail.duration": "For",
    "detail.camera": "Camera",
    "detail.device": "Device",
    "detail.timeline": "Today",
    "detail.bar": "Seat {seat} states today",
    "detail.noEvents": "No changes today.",
    "detail.change": "{from} → {to}",
    "detail.stayed": "stayed {duration}",
    "detail.vacant": "was empty {duration}",
    "detail.truncated": "Only the first changes of the day are shown.",
  },
  ko: {
    title: "좌석 현황",
    "state.empty": "빈 좌석",
    "state.occupied": "사용 중",
    "state.held": "자리 맡음",
    "state.unknown": "알 수 없음",
    "tile.label": "{seat} 좌석: {state}",
    "group.label": "{device}의 카메라 {camera}",
    noSeats: "아직 좌석이 없습니다. 좌석 편집기에서 좌석을 그려 주세요.",
    kpis: "주요 지표",
    "kpi.seats": "좌석 수",
    "kpi.occupied": "사용률",
    "kpi.held": "자리 맡음",
    "kpi.avgStay": "오늘 평균 이용 시간",
    legend: "범례",
    "alerts.title": "알림",
    "alerts.none": "열린 알림이 없습니다.",
    "alerts.ack": "확인",
    "alerts.acked": "{by} 님이 확인함",
    "alerts.ackFailed": "확인하지 못했습니다: {message}",
    "kind.seat-held": "{minutes}분 넘게 자리 맡음",
    "kind.seat-vacant": "{hours}시간 넘게 빈 좌석",
    "kind.camera-offline": "카메라 오프라인",
    "kind.device-offline": "장치 오프라인",
    "alert.seat-held": "{subject} 좌석이 {duration} 동안 자리 맡음 상태입니다",
    "alert.seat-vacant": "{subject} 좌석이 {duration} 동안 비어 있습니다",
    "alert.camera-offline": "카메라 {subject}의 영상이 {duration} 동안 끊겼습니다",
    "alert.device-offline": "장치 {subject}이(가) {duration} 동안 오프라인입니다",
    "detail.title": "{seat} 좌석",
    "detail.close": "닫기",
    "detail.state": "상태",
    "detail.since": "시작",
    "detail.duration": "경과",
    "detail.camera": "카메라",
    "detail.device": "장치",
    "detail.timeline": "오늘",
    "detail.bar": "{seat} 좌석의 오늘 상태",
    "detail.noEvents": "오늘은 변화가 없습니다.",
    "detail.change": "{from} → {to}",
    "detail.stayed": "{duration} 이용",
    "detail.vacant": "{duration} 비어 있음",
    "detail.truncated": "오늘의 처음 변화만 표시합니다.",
  },
};
