import type { Messages } from "../i18n/locale.js";

/** Text of the shared editing parts (the camera picture), used by every role's editor page. */
type Key =
  | "snapshotAlt"
  | "snapshotNone"
  | "snapshotLoading"
  | "snapshotRequest"
  | "snapshotRequested"
  | "snapshotFailed";

export const snapshotMessages: Messages<Key> = {
  en: {
    snapshotAlt: "Latest picture of camera {camera}",
    snapshotNone: "No picture from this camera yet.",
    snapshotLoading: "Loading the picture…",
    snapshotRequest: "Request a fresh picture",
    snapshotRequested: "Asked {device} for a fresh picture…",
    snapshotFailed: "The picture could not be requested: {message}",
  },
  ko: {
    snapshotAlt: "카메라 {camera}의 최근 사진",
    snapshotNone: "이 카메라의 사진이 아직 없습니다.",
    snapshotLoading: "사진을 불러오는 중…",
    snapshotRequest: "새 사진 요청",
    snapshotRequested: "{device}에 새 사진을 요청했습니다…",
    snapshotFailed: "사진을 요청하지 못했습니다: {message}",
  },
};
