import type { Messages } from "../../../i18n/locale.js";

type Key =
  | "timeline"
  | "col.start"
  | "col.duration"
  | "col.size"
  | "col.codec"
  | "play"
  | "playing"
  | "playLabel"
  | "empty"
  | "older"
  | "gap"
  | "player"
  | "video"
  | "at"
  | "locating"
  | "fetching"
  | "fetchingSize"
  | "failed.offline"
  | "failed.timeout"
  | "failed.device"
  | "failed.missing"
  | "failed.notListed"
  | "failed.other"
  | "videoFailed"
  | "playAgain"
  | "close"
  | "live";

export const playbackMessages: Messages<Key> = {
  en: {
    timeline: "Recordings",
    "col.start": "Start",
    "col.duration": "Length",
    "col.size": "Size",
    "col.codec": "Codec",
    play: "Play",
    playing: "Playing",
    playLabel: "Play the recording of {time}",
    empty: "No recordings of this camera yet. Segments appear here as the device closes them.",
    older: "Load older",
    gap: "Not recorded for {duration}",
    player: "Recording",
    video: "Recording of {time}",
    at: "{time}, from {offset}",
    locating: "Looking up the recording…",
    fetching: "Fetching the recording from the device… {seconds} s",
    fetchingSize: "Fetching {size} from the device… {seconds} s",
    "failed.offline": "The device is offline; its recordings can be played once it is back: {message}",
    "failed.timeout": "The device did not send the recording in time: {message}",
    "failed.device": "The device could not send the recording: {message}",
    "failed.missing": "This recording is no longer there: {message}",
    "failed.notListed": "The recording of this job is not listed (deleted by retention?): {message}",
    "failed.other": "The recording could not be fetched: {message}",
    videoFailed: "The browser could not play the recording (the link lasts ten minutes).",
    playAgain: "Play again",
    close: "Close",
    live: "New recordings appear here as the device closes them.",
  },
  ko: {
    timeline: "녹화 목록",
    "col.start": "시작",
    "col.duration": "길이",
    "col.size": "크기",
    "col.codec": "코덱",
    play: "재생",
    playing: "재생 중",
    playLabel: "{time} 녹화 재생",
    empty: "이 카메라의 녹화가 아직 없습니다. 장치가 세그먼트를 닫으면 여기에 표시됩니다.",
    older: "이전 녹화 더 보기",
    gap: "{duration} 동안 녹화되지 않음",
    player: "녹화 재생",
    video: "{time} 녹화",
    at: "{time}, {offset}부터",
    locating: "녹화를 찾는 중…",
    fetching: "장치에서 녹화를 가져오는 중… {seconds}초",
    fetchingSize: "장치에서 {size}를 가져오는 중… {seconds}초",
    "failed.offline": "장치가 오프라인입니다. 장치가 다시 연결되면 녹화를 재생할 수 있습니다: {message}",
    "failed.timeout": "장치가 제시간에 녹화를 보내지 않았습니다: {message}",
    "failed.device": "장치가 녹화를 보내지 못했습니다: {message}",
    "failed.missing": "이 녹화는 더 이상 없습니다: {message}",
    "failed.notListed": "이 작업의 녹화가 목록에 없습니다 (보존 기간으로 삭제되었을 수 있음): {message}",
    "failed.other": "녹화를 가져오지 못했습니다: {message}",
    videoFailed: "브라우저가 녹화를 재생하지 못했습니다 (링크는 10분 동안 유효합니다).",
    playAgain: "다시 재생",
    close: "닫기",
    live: "장치가 새 녹화를 닫으면 여기에 표시됩니다.",
  },
};
