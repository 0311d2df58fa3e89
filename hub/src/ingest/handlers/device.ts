import type { Availability, CameraStatus, CommandAck, Health } from "@sitewatch/shared-protocol";
import type { MessageAddr } from "../ingest-module.js";
import { cameraStateSink, devicePatchSink } from "../sinks/device-sinks.js";
import { DONE, type HandlerContext } from "./context.js";

/** Device liveness and camera state: health heartbeats, availability (incl. last will), camera status, acks. */
export class DeviceHandlers {
  constructor(private readonly ctx: HandlerContext) {}

  health(addr: MessageAddr, m: Health): Promise<void> {
    const { v: _v, id: _id, seq: _seq, ...health } = m;
    return this.ctx.writer.accept(devicePatchSink, {
      siteId: addr.site,
      deviceId: addr.device,
      seenAt: new Date(),
      // A device that sends a heartbeat is online, whatever an earlier will said.
      online: true,
      health,
      // Heartbeats repeat the version the availability carries, so agent_version is right even when
      // that retained message was lost or left by an older agent; older heartbeats leave it as it is.
      agentVersion: m.agentVersion,
    });
  }

  availability(addr: MessageAddr, m: Availability): Promise<void> {
    return this.ctx.writer.accept(devicePatchSink, {
      siteId: addr.site,
      deviceId: addr.device,
      seenAt: new Date(),
      online: m.state === "online",
      agentVersion: m.agentVersion,
    });
  }

  cameraStatus(addr: MessageAddr, m: CameraStatus): Promise<void> {
    if (this.ctx.registry.noteCamera(addr.site, addr.device, addr.camera)) {
      this.ctx.logger.info(
        {
          site: addr.site,
          device: addr.device,
          camera: addr.camera,
          state: m.state,
          role: m.role ?? "seats",
        },
        "camera reported status before it was configured; registering it with the role it reports",
      );
    }
    return this.ctx.writer.accept(cameraStateSink, {
      siteId: addr.site,
      deviceId: addr.device,
      cameraId: addr.camera,
      state: m.state,
      reason: m.reason ?? null,
      at: new Date(m.ts),
      stream: m.stream,
      role: m.role,
    });
  }

  commandAck(addr: MessageAddr, m: CommandAck): Promise<void> {
    if (!this.ctx.commands) {
      this.ctx.logger.debug(
        { command: m.command, status: m.status },
        "command ack without a command service",
      );
      return DONE;
    }
    try {
      this.ctx.commands.handleAck({ site: addr.site, device: addr.device }, m);
    } catch (err) {
      this.ctx.logger.error({ err, command: m.command }, "command service failed to handle an ack");
    }
    return DONE;
  }
}
