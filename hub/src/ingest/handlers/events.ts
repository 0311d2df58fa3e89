import {
  type AttentionAlert,
  type AttentionChange,
  type GateEntry,
  gateEntryColumns,
} from "@sitewatch/shared-protocol";
import { attentionSink, gateLogSink } from "../sinks/event-sinks.js";
import type { CameraAddr, HandlerContext } from "./context.js";

/** Gate log entries and attention (focus) events. */
export class EventHandlers {
  constructor(private readonly ctx: HandlerContext) {}

  gateEntry(addr: CameraAddr, m: GateEntry): Promise<void> {
    return this.ctx.writer.accept(gateLogSink, {
      id: m.id,
      siteId: addr.site,
      deviceId: addr.device,
      cameraId: addr.camera,
      at: new Date(m.at),
      ...gateEntryColumns(m),
      box: m.box ?? null,
      seq: m.seq,
    });
  }

  /** The previous state's duration is added to the session's time in that state. */
  attentionChange(addr: CameraAddr, m: AttentionChange): Promise<void> {
    return this.ctx.writer.accept(attentionSink, {
      event: {
        id: m.id,
        siteId: addr.site,
        sessionId: m.session,
        deviceId: addr.device,
        cameraId: addr.camera,
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
        siteId: addr.site,
        sessionId: m.session,
        deviceId: addr.device,
        cameraId: addr.camera,
        startedAt: m.at - m.durationMs,
        at: m.at,
        state: m.to,
        stateMs: { [m.from]: m.durationMs },
        alerts: 0,
      },
    });
  }

  /** An alert is raised when its state has lasted `durationMs` since `since`; that moment is its time. */
  attentionAlert(addr: CameraAddr, m: AttentionAlert): Promise<void> {
    const at = m.since + m.durationMs;
    return this.ctx.writer.accept(attentionSink, {
      event: {
        id: m.id,
        siteId: addr.site,
        sessionId: m.session,
        deviceId: addr.device,
        cameraId: addr.camera,
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
        siteId: addr.site,
        sessionId: m.session,
        deviceId: addr.device,
        cameraId: addr.camera,
        startedAt: m.since,
        at,
        state: m.kind,
        stateMs: {},
        alerts: 1,
      },
    });
  }
}
