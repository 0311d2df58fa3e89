import type { Push } from "@sitewatch/hub/api-types";

/**
 * The message key of each push outcome. Every page that saves device configuration has these keys in
 * its own messages.ts, in its own words ("…applying the new seats", "…applying the new settings").
 */
export type PushKey = `push.${Push["status"]}`;

type PushMessages = (key: PushKey, params?: Record<string, string | number>) => string;

/** "Pushed to edge-1." / "edge-1 is offline; the seats will be sent when it reconnects." */
export function pushText(t: PushMessages, push: Push): string {
  return t(`push.${push.status}` as const satisfies PushKey, {
    device: push.device,
    message: push.message ?? "",
  });
}
