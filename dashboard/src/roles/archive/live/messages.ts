import type { Messages } from "../../../i18n/locale.js";

export type LiveMessageKey =
  | "title"
  | "video"
  | "connecting"
  | "playing"
  | "buffering"
  | "idle"
  | "unsupported"
  | "problem.offline"
  | "problem.notStreaming"
  | "problem.unauthorized"
  | "problem.forbidden"
  | "problem.notFound"
  | "problem.network"
  | "problem.media"
  | "problem.other"
  | "retrying"
  | "retry"
  | "latency"
  | "goLive";

export const liveMessages: Messages<LiveMessageKey> = {
  en: {
    title: "Live",
    video: "Live video of {camera}",
    connecting: "Starting the live stream… The device starts sending when somebody watches.",
    playing: "Live",
    buffering: "Waiting for the next part of the stream…",
    idle: "Paused while the page is in the background; it continues live when you come back.",
    unsupported: "This browser cannot play the live stream (it needs Media Source Extensions).",
    "problem.offline": "The device is offline, so there is no live picture: {message}",
    "problem.notStreaming": "The device did not start streaming in time: {message}",
    "problem.unauthorized": "Your session has expired: {message}",
    "problem.forbidden": "You may not watch this camera: {message}",
    "problem.notFound": "The hub does not know this camera's live stream: {message}",
    "problem.network": "The hub cannot be reached: {message}",
    "problem.media": "The browser could not play the stream: {message}",
    "problem.other": "The live stream failed: {message}",
    retrying: "Trying again in a few seconds.",
    retry: "Try again",
    latency: "Latency {seconds} s",
    goLive: "Back to live",
  },
  ko: {
    title: "실시간",
    video: "{camera} 실시간 영상",
    connecting: "실시간 스트림을 시작하는 중… 누군가 시청할 때 장치가 전송을 시작합니다.",
    playing: "실시간",
    buffering: "스트림의 다음 부분을 기다리는 중…",
    idle: "페이지가 백그라운드에 있는 동안 일시 중지되었습니다. 돌아오면 실시간으로 이어집니다.",
    unsupported: "이 브라우저는 실시간 스트림을 재생할 수 없습니다 (Media Source Extensions 필요).",
    "problem.offline": "장치가 오프라인이라 실시간 영상이 없습니다: {message}",
    "problem.notStreaming": "장치가 제시간에 스트리밍을 시작하지 않았습니다: {message}",
    "problem.unauthorized": "세션이 만료되었습니다: {message}",
    "problem.forbidden": "이 카메라를 볼 권한이 없습니다: {message}",
    "problem.notFound": "허브가 이 카메라의 실시간 스트림을 알지 못합니다: {message}",
    "problem.network": "허브에 연결할 수 없습니다: {message}",
    "problem.media": "브라우저가 스트림을 재생하지 못했습니다: {message}",
    "problem.other": "실시간 스트림 오류: {message}",
    retrying: "잠시 후 다시 시도합니다.",
    retry: "다시 시도",
    latency: "지연 {seconds}초",
    goLive: "실시간으로 돌아가기",
  },
};
