import type { AttentionState } from "@sitewatch/shared-protocol";

type AlertKind = Exclude<AttentionState, "focused">;

/**
 * What the learner reads when an alert fires, per language. The hub sends the text so every client
 * (the Focus page, a frame-path client without a UI of its own) shows the same words; a language not
 * listed gets English.
 */
const texts = {
  en: {
    drowsy: "Your eyes have been closing. Sit up, take a breath, or take a short break.",
    yawning: "You are yawning. A short stretch or a glass of water may help.",
    distracted: "You have been looking away. Bring your attention back to your work.",
    absent: "We cannot see you. Your session keeps running until you come back or end it.",
  },
  ko: {
    drowsy: "눈이 감기고 있어요. 자세를 바로 하고 숨을 크게 쉬거나 잠시 쉬어 가세요.",
    yawning: "하품을 하고 있어요. 가볍게 스트레칭하거나 물을 한 잔 마셔 보세요.",
    distracted: "시선이 다른 곳을 향하고 있어요. 다시 공부에 집중해 보세요.",
    absent: "얼굴이 보이지 않아요. 돌아오거나 세션을 끝낼 때까지 세션은 계속됩니다.",
  },
} satisfies Record<string, Record<AlertKind, string>>;

/** The languages alert texts exist in; `language` is matched on its primary subtag (ko-KR → ko). */
export const alertLanguages = Object.keys(texts);

export function alertText(kind: AlertKind, language: string | undefined): string {
  const primary = language?.split("-")[0]?.toLowerCase() ?? "en";
  return (texts[primary as keyof typeof texts] ?? texts.en)[kind];
}
