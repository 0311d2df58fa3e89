import type { AttentionAlert, AttentionChange } from "@sitewatch/shared-protocol";
import type { HandlerContext } from "../../ingest/handlers/context.js";
import type { IngestModule, MessageAddr } from "../../ingest/ingest-module.js";
import { attentionSink } from "./attention-sinks.js";

/** Whose event and session a message is: the same four keys on the event row and the session delta. */
const owner = (addr: MessageAddr, session: string) => ({
  siteId: addr.site,
  sessionId: session,
  deviceId: addr.device,
  cameraId: addr.camera,
});

/** Attention (focus) state changes and alerts, each counted into its session. */
class AttentionHandlers {
  constructor(private readonly ctx: HandlerContext) {}

  /** The previous state's duration is added to the session's time in that state. */
  attentionChange(addr: MessageAddr, m: AttentionChange): Promise<void> {
    return this.ctx.writer.accept(attentionSink, {
      event: {
        id: m.id,
        ...owner(addr, m.session),
        kind: "change",
        fromState: m.from,
        toState: m.to,
        at: new Date(m.at),
        durationMs: m.durationMs,
        metrics: m.metrics ?? null,
        confidence: m.confidence,
        seq: m.seq,
      },
      session: {
        ...owner(addr, m.session),
        startedAt: m.at - m.durationMs,
        at: m.at,
        state: m.to,
        stateMs: { [m.from]: m.durationMs },
        alerts: 0,
      },
    });
  }

  /** An alert is raised when its state has lasted `durationMs` since `since`; that moment is its time. */
  attentionAlert(addr: MessageAddr, m: AttentionAlert): Promise<void> {
    const at = m.since + m.durationMs;
    return this.ctx.writer.accept(attentionSink, {
      event: {
        id: m.id,
        ...owner(addr, m.session),
        kind: "alert",
        fromState: null,
        toState: m.kind,
        at: new Date(at),
        durationMs: m.durationMs,
        metrics: null,
        confidence: null,
        seq: m.seq,
      },
      session: {
        ...owner(addr, m.session),
        startedAt: m.since,
        at,
        state: m.kind,
        stateMs: {},
        alerts: 1,
      },
    });
  }
}

/** The attention role's share of ingest: attention_events and the sessions they add up to. */
export const attentionIngest: IngestModule<"attentionChange" | "attentionAlert"> = {
  name: "attention",
  kinds: ["attentionChange", "attentionAlert"],
  sinks: [attentionSink],
  create(ctx) {
    const h = new AttentionHandlers(ctx);
    return {
      handlers: {
        attentionChange: (addr, m) => h.attentionChange(addr, m),
        attentionAlert: (addr, m) => h.attentionAlert(addr, m),
      },
    };
  },
};
