import type { ChannelKind } from "./channel-config.js";
import type { NotificationMessage } from "./notification-message.js";

/** What one attempt came to. `retryable`: a later attempt may succeed (network, 5xx, 429, 408). */
export type SendOutcome =
  | { ok: true; responseCode?: number }
  | { ok: false; retryable: boolean; error: string; responseCode?: number };

/** A channel as a sender needs it: its kind's settings and its secret. */
export interface SendTarget {
  id: string;
  kind: ChannelKind;
  config: Record<string, unknown>;
  secret: string | null;
}

/** Sends one message over one kind of channel; never throws (failures are outcomes). */
export interface ChannelSender {
  send(target: SendTarget, message: NotificationMessage): Promise<SendOutcome>;
}

export type ChannelSenders = Record<ChannelKind, ChannelSender>;

/** Statuses worth another try: the receiver was busy, slow or broken, not refusing this request. */
export function retryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

/** A failed HTTP response as an outcome, with the start of its body to help whoever reads the log. */
export async function httpFailure(res: Response): Promise<SendOutcome> {
  const text = await res.text().catch(() => "");
  return {
    ok: false,
    retryable: retryableStatus(res.status),
    responseCode: res.status,
    error: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`,
  };
}
