import type { Messages } from "../../i18n/locale.js";

type Key = "title" | "camera" | "noCameras" | "intro";

export const archiveMessages: Messages<Key> = {
  en: {
    title: "Archive",
    camera: "Camera",
    noCameras: "This site has no cameras yet. Add one on the Devices page.",
    intro:
      "Recordings stay on the device: the live picture is streamed only while somebody watches, and a recording is fetched only when played.",
  },
  ko: {
    title: "아카이브",
    camera: "카메라",
    noCameras: "이 사이트에는 아직 카메라가 없습니다. 장치 페이지에서 추가하세요.",
    intro:
      "녹화는 장치에 남아 있습니다. 실시간 영상은 누군가 시청할 때만 전송되고, 녹화는 재생할 때만 가져옵니다.",
  },
};
