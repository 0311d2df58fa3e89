import type { NtfyConfig } from "./channel-config.js";
import { type ChannelSender, errorText, httpFailure, type SendOutcome } from "./channel-sender.js";

// ntfy reads header values as UTF-8 only when they are RFC 2047 encoded; plain ASCII passes as it is.
function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString("base64")}?=`;
}

/**
 * ntfy-style push: the text as the body of a POST to the topic URL, with `Title`, `Priority` and `Tags`
 * headers and, when the channel has a token, `Authorization: Bearer`.
 */
export function createNtfySender(options: { timeoutMs: number }): ChannelSender {
  return {
    async send(target, message): Promise<SendOutcome> {
      const config = target.config as unknown as NtfyConfig;
      const priority = config.priority ?? (message.critical ? 5 : 3);
      const tags = [
        ...(message.alert ? [message.alert.kind] : ["test"]),
        message.event,
        ...(config.tags ?? []),
      ];
      try {
        const res = await fetch(config.url, {
          method: "POST",
          signal: AbortSignal.timeout(options.timeoutMs),
          headers: {
            "content-type": "text/plain; charset=utf-8",
            title: headerText(message.title),
            priority: String(priority),
            tags: tags.join(","),
            ...(target.secret ? { authorization: `Bearer ${target.secret}` } : {}),
          },
          body: message.text,
        });
        if (res.ok) {
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
