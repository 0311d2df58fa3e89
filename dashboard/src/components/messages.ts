import type { Messages } from "../i18n/locale.js";

/** Text of the shared editing parts (the camera picture), used by every role's editor page. */
type Key =
  | "snapshotAlt"
  | "snapshotNone"
  | "snapshotLoading"
  | "snapshotRequest"
  | "snapshotRequested"
  | "snapshotRequesting"
  | "snapshotAutoRequested"
  | "snapshotFailed";

export const snapshotMessages: Messages<Key> = {
  en: {
    snapshotAlt: "Latest picture of camera {camera}",
    snapshotNone: "No picture from this camera yet.",
    snapshotLoading: "Loading the picture…",
    snapshotRequest: "Request a fresh picture",
    snapshotRequested: "Asked {device} for a fresh picture…",
    snapshotRequesting: "No picture yet: requesting a picture from the camera…",
    snapshotAutoRequested: "No picture yet, so {device} was asked for one…",
    snapshotFailed: "The picture could not be requested: {message}",
  },
  ko: {
    snapshotAlt: "카메라 {camera}의 최근 사진",
    snapshotNone: "이 카메라의 사진이 아직 없습니다.",
    snapshotLoading: "사진을 불러오는 중…",
    snapshotRequest: "새 사진 요청",
    snapshotRequested: "{device}에 새 사진을 요청했습니다…",
    snapshotRequesting: "아직 사진이 없습니다: 카메라에 사진을 요청하는 중…",
    snapshotAutoRequested: "사진이 없어 {device}에 요청했습니다…",
    snapshotFailed: "사진을 요청하지 못했습니다: {message}",
  },
};
