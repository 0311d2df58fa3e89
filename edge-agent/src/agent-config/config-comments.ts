import type { CommentTable } from "./commented-json.js";

export const CONFIG_HEADER = [
  "Sitewatch edge agent configuration, written by `edge-agent init`.",
  "JSON with comments (// and /* */) and trailing commas allowed. Edit freely; `edge-agent doctor`",
  "checks it. The comments are regenerated whenever the agent saves this file, so keep your own notes",
  "elsewhere.",
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
  "cameras[].name": "What people call the camera; shown by the CLI and the hub.",
  "cameras[].url":
    "rtsp://user:pass@host/path, or a video file for trials. To keep the password out of this file,\nwrite rtsp://user@host/path and add passwordEnv or passwordFile.",
  "cameras[].passwordEnv":
    "The RTSP password from this environment variable of the agent (e.g. CAM1_PASSWORD), put into\nthe url's user@ part when the agent starts; never written back here.",
  "cameras[].passwordFile":
    "The RTSP password from this file (e.g. /run/secrets/cam1; a trailing newline is ignored),\nrelative to this file's folder; used like passwordEnv, which it replaces.",
  "cameras[].role": '"seats" (seat occupancy), "gate" (entrance) or "attention".',
  "cameras[].intervalMs":
    "Analyse one frame every this many milliseconds (200..60000, default 3000); gate: while the lane\nis empty.",
  "cameras[].maxWidth": "Scale frames down to at most this width before analysis (saves CPU).",
  "cameras[].record":
    "Optional archive recording of this camera's video into <dataDir>/archive/<camera>/ (remuxed MP4, never re-encoded).",
  "cameras[].record.enabled": "Record this camera (default false).",
  "cameras[].record.segmentSeconds":
    "Close a segment at the first keyframe after this many seconds (default 600); each closed one is announced to the hub.",
  "cameras[].record.retentionDays":
    "Delete segments older than this many days (unset: keep until the quota needs room).",
  "cameras[].record.maxGiB": "Keep this camera's segments under this many GiB, deleting the oldest first.",
  "cameras[].seats":
    'Seats seen by this camera: "seat" is the label (e.g. "1A"), "polygon" its outline as [x, y]\npoints from 0 to 1 (fractions of the picture width and height).',
  "cameras[].motion":
    "Motion gate: skip the detector where nothing changed (seats: per seat; gate: while the lane is\nempty); threshold is the mean pixel change (0..1) that counts, forceEvery re-checks anyway.",
  "cameras[].analysis":
    "Seat rules: belongings without a person for heldAfterMs = held; debounces avoid flicker.",
  "cameras[].zone":
    'Gate: where vehicles are tracked, as [x, y] points from 0 to 1; a vehicle counts when the centre\nof its box is inside. Default: the whole picture. Optional, not written until set:\n"directionLine" (which way vehicles went) and "passageGroup" (cameras of one gate voting together).',
  "cameras[].directionLine":
    'Gate: optional [[x, y], [x, y]] line; a vehicle crossing it from the left (looking from the first\npoint to the second) to the right went "in", the other way "out". Swap the points to swap them.',
  "cameras[].vehicleClasses": 'Gate: detector labels that count as vehicles, e.g. ["truck", "bus", "car"].',
  "cameras[].activeIntervalMs":
    "Gate: analyse one frame every this many milliseconds while a vehicle is in the zone (default 500).",
  "cameras[].scoreThreshold":
    "Gate: this camera's detector score threshold (0..1); unset, detector.scoreThreshold. Close-up containers score low.",
  "cameras[].minTrackFrames":
    "Gate: a vehicle seen on fewer analysed frames is noise and reports nothing (default 3).",
  "cameras[].lostAfterFrames":
    "Gate: a vehicle missing from this many analysed frames in a row has left (default 2).",
  "cameras[].maxOcrFrames":
    "Gate: read container codes on at most this many frames per vehicle, the sharpest ones (default 4).",
  "cameras[].passageGroup":
    "Gate: cameras of one gate with the same group name vote together: one entry per container.",
  privacy: "Privacy options.",
  "privacy.blurFaces":
    "Blur faces in every picture that leaves this device (snapshots, live view, gate crops).",
  analysis:
    "How `edge-agent worker` analyses this device's recorded segments (video never leaves the device).",
  "analysis.vlm":
    'Optional vision-language model on Ollama\'s HTTP API for "vlm" jobs; without it the worker runs "builtin" jobs only.',
  "analysis.vlm.url": "The Ollama server, e.g. http://127.0.0.1:11434.",
  "analysis.vlm.model": "A vision model the server has pulled (default qwen2.5vl:3b).",
  "analysis.vlm.timeoutMs": "Give up on one model request after this many milliseconds (default 120000).",
};
