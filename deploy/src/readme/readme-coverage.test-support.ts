/**
 * Every npm / npx command the README shows, and how the tests hold it to its word. All of them are
 * resolved from the repository root by readme-commands.integration.test.ts (the bin or script exists,
 * `--help` of the subcommand answers, every flag shown is a real one). RUN means readme-session.
 * integration.test.ts also types it for real against a test hub, an RTSP camera and the shared media;
 * any other text says why it is not run. A README command missing here fails the test, so does an
 * entry the README no longer has.
 */
export const RUN = "run in readme-session.integration.test.ts";

export const README_COVERAGE: Record<string, string> = {
  "npm install": "not run: it installed the tree this test runs in",
  "npm start": "not run here: deploy/src/demo/npm-start.integration.test.ts starts the demo",
  "npm run build": "not run: it rebuilds every workspace; the test runs on its output",
  "npm test": "not run: the whole suite, this test included",
  "npm run test:unit": "not run: part of the suite this test belongs to",
  "npm run test:integration": "not run: part of the suite this test belongs to",
  "npm run lint": "not run: its verdict depends on every file of the tree, not on the README",
  "npm run typecheck": "not run: every package's tsc, checked on its own in CI",
  "npm run bench": "not run: about 20 minutes",
  "npm run bench -w @sitewatch/edge-agent": "not run: minutes of model timing",
  "npm run bench -w @sitewatch/deploy": "not run: the fault scenarios, repeated for minutes",
  "npm run docs:protocol": "not run: rewrites docs/protocol.md (a protocol test checks it is current)",
  "npm run reset": "not run: deletes the demo's ./data",
  "npx edge-agent init": RUN,
  'npx edge-agent init --hub http://hub:8080 --token <enrolment token> --device edge-1 --camera "Front room=rtsp://user:pass@10.0.0.20/stream1" -y':
    RUN,
  "npx edge-agent doctor": RUN,
  "npx edge-agent run": RUN,
  "npx edge-agent status": RUN,
  "npx edge-agent seats": RUN,
  "npx edge-agent snapshot front-room --out front.png": RUN,
  "npx edge-agent worker":
    "not run here: edge-agent/src/cli/worker-command.integration.test.ts runs it against a test hub, and the worker's jobs end to end in roles/archive/worker/analysis-worker.integration.test.ts",
  "npx edge-agent detect photo.jpg": RUN,
  "npx edge-agent detect photo.jpg --json --classes person,cup --threshold 0.4": RUN,
  "npx edge-agent detect --model yolo11n.onnx photo.jpg":
    "not run: needs an Ultralytics YOLO export, which the repository does not ship",
  "npx edge-agent detect clip.mp4 --every 2 --frames 10": RUN,
  "npx edge-agent face portrait.png [--json]": RUN,
  "npx edge-agent attention clip.mp4 [--json] [--fps 10]": RUN,
  "npx edge-agent ocr gate.png [--json]": RUN,
  "npx edge-agent read-code gate-*.jpg [--json]": RUN,
  "npm run hub -- <command>": "the form of the hub table's commands, each resolved below it",
  "npx sitewatch-hub <command>": "the form of the hub table's commands, each resolved below it",
  "npm run hub -- create-admin --email E": RUN,
  "npm run hub -- migrate": RUN,
};
