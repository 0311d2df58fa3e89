import type { Messages } from "../../../i18n/locale.js";

type Key =
  | "title"
  | "empty"
  | "older"
  | "live"
  | "segment"
  | "status.pending"
  | "status.processing"
  | "status.completed"
  | "status.failed"
  | "status.cancelled"
  | "provider.builtin"
  | "provider.vlm"
  | "attempts"
  | "score"
  | "incidents"
  | "noIncidents"
  | "summary"
  | "error"
  | "retry"
  | "cancel"
  | "actionFailed"
  | "severity.info"
  | "severity.warning"
  | "severity.critical"
  | "jump"
  | "jumpLabel"
  | "thumbnail"
  | "thumbnailFailed"
  | "zone";

export const jobMessages: Messages<Key> = {
  en: {
    title: "Analysis",
    empty: "No analysis jobs for this camera yet. Each closed recording is queued for analysis.",
    older: "Load older",
    live: "Jobs update here as workers take them up and finish them.",
    segment: "Recording of {time}",
    "status.pending": "Waiting",
    "status.processing": "Analysing",
    "status.completed": "Done",
    "status.failed": "Failed",
    "status.cancelled": "Cancelled",
    "provider.builtin": "Built-in analyser",
    "provider.vlm": "Vision-language model",
    attempts: "Attempt {attempts} of {max}",
    score: "Safety score {score}/100",
    incidents: "Incidents ({count})",
    noIncidents: "No incidents",
    summary: "Summary",
    error: "Error: {message}",
    retry: "Retry",
    cancel: "Cancel",
    actionFailed: "Could not change the job: {message}",
    "severity.info": "Info",
    "severity.warning": "Warning",
    "severity.critical": "Critical",
    jump: "Jump to {offset}",
    jumpLabel: "Play the recording at {offset} ({kind})",
    thumbnail: "{kind} at {offset}",
    thumbnailFailed: "The picture could not be loaded",
    zone: "zone {zone}",
  },
  ko: {
    title: "분석",
    empty: "이 카메라의 분석 작업이 아직 없습니다. 녹화가 닫힐 때마다 분석 대기열에 추가됩니다.",
    older: "이전 작업 더 보기",
    live: "작업자가 작업을 시작하고 끝내면 여기에 바로 반영됩니다.",
    segment: "{time} 녹화",
    "status.pending": "대기 중",
    "status.processing": "분석 중",
    "status.completed": "완료",
    "status.failed": "실패",
    "status.cancelled": "취소됨",
    "provider.builtin": "내장 분석기",
    "provider.vlm": "비전-언어 모델",
    attempts: "{max}회 중 {attempts}회째 시도",
    score: "안전 점수 {score}/100",
    incidents: "사건 ({count})",
    noIncidents: "사건 없음",
    summary: "요약",
    error: "오류: {message}",
    retry: "다시 시도",
    cancel: "취소",
    actionFailed: "작업을 변경하지 못했습니다: {message}",
    "severity.info": "정보",
    "severity.warning": "경고",
    "severity.critical": "심각",
    jump: "{offset}로 이동",
    jumpLabel: "{offset} 지점부터 녹화 재생 ({kind})",
    thumbnail: "{offset}의 {kind}",
    thumbnailFailed: "사진을 불러오지 못했습니다",
    zone: "구역 {zone}",
  },
};
