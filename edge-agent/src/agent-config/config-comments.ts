import type { CommentTable } from "./commented-json.js";

export const CONFIG_HEADER = [
  "Sitewatch edge agent configuration, written by `edge-agent init`.",
  "JSON with whole-line // comments. Edit freely; `edge-agent doctor` checks it. The comments are",
  "regenerated whenever the agent saves this file, so keep your own notes elsewhere.",
];

/** One explanation per setting, for the installer who opens the file on site. */
export const CONFIG_COMMENTS: CommentTable = {
  hub: "Where the hub runs.",
  "hub.url": "The hub's web address (REST API and dashboard), e.g. http://hub.local:8080",
  "hub.mqttUrl": "The hub's MQTT broker; events and commands travel here, e.g. mqtt://hub.local:1883",
  device: "Who this device is. Site and id are fixed at enrolment (`edge-agent init`).",
  "device.credentialsFile":
    "MQTT username/password from enrolment, kept in a separate file readable only by its owner (0600).\nRelative to this file's folder.",
  dataDir:
    "Where the agent keeps its event queue, sequence counter and state. Relative to this file's folder.",
  detector: "Object detector settings.",
  "detector.model": '"centernet" (built in) or a path to a YOLO v8/v11 .onnx export.',
  "detector.threads": "Inference threads; at most the number of CPU cores.",
  "detector.scoreThreshold": "Detections below this score (0..1) are ignored.",
  cameras: "One entry per camera. A camera that fails never stops the others.",
  configRevision: "Revision of the last camera/seat setup pushed from the hub (0 = none yet).",
  "cameras[].enabled": "false keeps the camera's settings but stops analysing it.",
  "cameras[].id": "Short id used in MQTT topics: letters, digits, '-' or '_'.",
  "cameras[].url": "rtsp://user:pass@host/path, or a video file for trials.",
  "cameras[].role": '"seats" (seat occupancy), "gate" (entrance) or "attention".',
  "cameras[].intervalMs": "Analyse one frame every this many milliseconds (200..60000, default 3000).",
  "cameras[].maxWidth": "Scale frames down to at most this width before analysis (saves CPU).",
  "cameras[].seats":
    'Seats seen by this camera: "seat" is the label (e.g. "1A"), "polygon" its outline as [x, y]\npoints from 0 to 1 (fractions of the picture width and height).',
  "cameras[].motion":
    "Motion gate: skip the detector for seats where nothing changed; forceEvery re-checks anyway.",
  "cameras[].analysis":
    "Seat rules: belongings without a person for heldAfterMs = held; debounces avoid flicker.",
  privacy: "Privacy options.",
  "privacy.blurFaces": "Blur faces in every picture that leaves this device (snapshots, live view).",
};
