export { type StartAedesOptions, startAedes } from "./aedes.js";
export { killAllSync, liveServices, stopAll } from "./cleanup.js";
export { eventually } from "./eventually.js";
export { getFreePort, isPortOpen, LOCALHOST, waitForPort } from "./free-port.js";
export { type GateClip, type GateClipOptions, makeGateClip } from "./gate-clip.js";
export {
  GATE_CLIP_DEFAULTS,
  type GateClipSettings,
  type GateClipTimeline,
  type GatePassageSpan,
  type GateViewSpan,
  passageAt,
} from "./gate-clip-plan.js";
export {
  GATE_MEDIA_DIR,
  GATE_VIEWS,
  type GateLabel,
  type GateView,
  gateMediaUnavailableReason,
  readGateLabels,
} from "./gate-labels.js";
export { hasMedia, MEDIA_DIR, media } from "./media.js";
export { type StartMosquittoOptions, startMosquitto } from "./mosquitto.js";
export { mosquittoAclFile, mosquittoPasswordFile, mosquittoPasswordLine } from "./mosquitto-passwd.js";
export {
  collectMessages,
  type NextMessageOptions,
  nextMessage,
  type ReceivedMessage,
} from "./mqtt-messages.js";
export { type NatsServer, type StartNatsOptions, startNats } from "./nats.js";
export { type OllamaBehaviour, type OllamaRequest, OllamaStandIn } from "./ollama-stand-in.js";
export { startPglite } from "./pglite.js";
export { type StartPostgresOptions, startPostgres } from "./postgres.js";
export {
  h264TestClip,
  type RtspServer,
  rtspUnavailableReason,
  type StartRtspServerOptions,
  startRtspServer,
} from "./rtsp-server.js";
export type {
  AedesBroker,
  MosquittoBroker,
  PgliteDatabase,
  RealPostgres,
  Row,
  TestBroker,
  TestDatabase,
  TestService,
} from "./service-types.js";
export { selfSignedCert } from "./tls-cert.js";
export { useService } from "./use-service.js";
