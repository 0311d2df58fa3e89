import type { ChannelSenders } from "./channel-sender.js";
import { createEmailSender } from "./email-sender.js";
import { createNtfySender } from "./ntfy-sender.js";
import { createWebhookSender } from "./webhook-sender.js";

export interface SenderOptions {
  /** Per attempt; a receiver slower than this is tried again later. Default 10 s. */
  timeoutMs?: number;
  /** For SMTP servers with a self-signed certificate (tests). */
  smtpTls?: { rejectUnauthorized?: boolean };
}

/** One sender per channel kind. */
export function createChannelSenders(options: SenderOptions = {}): ChannelSenders {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    webhook: createWebhookSender({ timeoutMs }),
    ntfy: createNtfySender({ timeoutMs }),
    email: createEmailSender({ timeoutMs, tls: options.smtpTls }),
  };
}
