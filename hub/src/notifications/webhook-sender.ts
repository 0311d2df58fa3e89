import type { WebhookConfig } from "./channel-config.js";
import { type ChannelSender, errorText, httpFailure, type SendOutcome } from "./channel-sender.js";
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER } from "./signature.js";

/**
 * Webhooks: the message's JSON body, signed over the exact bytes sent (signature.ts). Redirects are not
 * followed: the signature was made for this URL, and a 3xx usually means a wrong address.
 */
export function createWebhookSender(options: { timeoutMs: number; now?: () => number }): ChannelSender {
  const now = options.now ?? Date.now;
  return {
    async send(target, message): Promise<SendOutcome> {
      const { url } = target.config as unknown as WebhookConfig;
      if (!target.secret) return { ok: false, retryable: false, error: "the webhook has no secret" };
      const raw = JSON.stringify(message.body);
      const timestamp = Math.floor(now() / 1000);
      try {
        const res = await fetch(url, {
          method: "POST",
          redirect: "manual",
          signal: AbortSignal.timeout(options.timeoutMs),
          headers: {
            "content-type": "application/json",
            "user-agent": "Sitewatch-Hub",
            "x-sitewatch-event": message.event,
            "x-sitewatch-delivery": message.body.deliveryId,
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signPayload(target.secret, timestamp, raw),
          },
          body: raw,
        });
        if (res.status >= 200 && res.status < 300) {
          await res.body?.cancel();
          return { ok: true, responseCode: res.status };
        }
        return httpFailure(res);
      } catch (err) {
        return { ok: false, retryable: true, error: errorText(err) };
      }
    },
  };
}
