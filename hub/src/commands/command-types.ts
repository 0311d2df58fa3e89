import type { CommandAck, CommandKind, MessageInput } from "@sitewatch/shared-protocol";
import type { Principal } from "../auth/principal.js";

export interface CommandOutcome {
  id: string;
  status: "completed" | "failed" | "timeout" | "accepted";
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/** Sends hub-to-device commands over MQTT and resolves when the device acknowledges (or times out). */
export interface CommandService {
  send<K extends CommandKind>(
    kind: K,
    target: { site: string; device: string },
    body: Omit<MessageInput<K>, "v" | "id" | "ts">,
    opts?: { timeoutMs?: number; by?: Principal; waitFor?: "accepted" | "completed" },
  ): Promise<CommandOutcome>;
  /** Called by ingest for every commandAck message. */
  handleAck(address: { site: string; device: string }, ack: CommandAck): void;
  stop(): void;
}
