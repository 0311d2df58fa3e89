import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import {
  eventually,
  h264TestClip,
  hasMedia,
  MEDIA_DIR,
  media,
  type RtspServer,
  rtspUnavailableReason,
  startRtspServer,
} from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  adapt,
  readme,
  readmeCommands,
  runFromRoot,
  type ShellOptions,
  spawnFromRoot,
  stopGroup,
} from "./readme-commands.test-support.js";
import { README_COVERAGE, RUN } from "./readme-coverage.test-support.js";

// The README's commands typed in the repository root, doing what the README says they do. Its
// placeholders (hub address, token, camera, file names) are swapped for a test hub, an RTSP camera and
// the shared media; what else a test adds to a command, its name says.
const listed = readmeCommands(readme());
function fromReadme(command: string): string {
  expect(listed, "the README still shows it").toContain(command);
  expect(README_COVERAGE[command]).toBe(RUN);
  return command;
}

type Swap = [from: string, to: string];
/** Types the README's `command`, placeholders swapped (and `extra` added), in the root; it must work. */
async function typeReadme(
  command: string,
  swaps: Swap[],
  options: ShellOptions & { extra?: string } = {},
): Promise<string> {
  const typed = [adapt(fromReadme(command), swaps), options.extra].filter(Boolean).join(" ");
  const r = await runFromRoot(typed, options);
  expect(r.code, `${typed}\n${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout;
}
// "[--json]" is optional in the README; taken here, as without it the annotated copy lands in the cwd.
const JSON_FLAG: Swap = ["[--json]", "--json"];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "readme-session-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noCamera = hasMedia ? rtspUnavailableReason() : `no shared media in ${MEDIA_DIR}`;
describe.skipIf(noCamera)("an installer's session, against a test hub and an RTSP camera", () => {
  let hub: TestHub;
  let camera: RtspServer;
  let agent: ChildProcess | undefined;
  const device = { env: { SITEWATCH_AGENT_CONFIG: "" } };
  beforeAll(async () => {
    hub = await startTestHub();
    camera = await startRtspServer({ clip: h264TestClip(media("vtest.avi")), loop: true });
    await mkdir(join(dir, "device"));
    await mkdir(join(dir, "wizard"));
    device.env.SITEWATCH_AGENT_CONFIG = join(dir, "device", "sitewatch-agent.json");
  }, 120_000);
  afterAll(async () => {
    if (agent) stopGroup(agent, "SIGKILL");
    await camera?.stop();
    await hub?.close();
  });

  it("init: the wizard, answered on stdin", async () => {
    const config = join(dir, "wizard", "sitewatch-agent.json");
    const answers = [hub.url, hub.mqttUrl, await hub.newToken(), "edge-wizard", "", "y"];
    await typeReadme("npx edge-agent init", [], {
      env: { SITEWATCH_AGENT_CONFIG: config },
      input: `${answers.join("\n")}\n`,
    });
    expect(readFileSync(config, "utf8")).toContain('"edge-wizard"');
  });

  it("init, scripted (plus --mqtt-url: the test hub's broker is on a free port, not 1883)", async () => {
    const stdout = await typeReadme(
      'npx edge-agent init --hub http://hub:8080 --token <enrolment token> --device edge-1 --camera "Front room=rtsp://user:pass@10.0.0.20/stream1" -y',
      [
        ["http://hub:8080", hub.url],
        ["<enrolment token>", await hub.newToken()],
        ["rtsp://user:pass@10.0.0.20/stream1", camera.url()],
      ],
      { ...device, extra: `--mqtt-url ${hub.mqttUrl}` },
    );
    expect(stdout).toMatch(/Enrolling edge-1 with .* … ok/);
    expect(stdout).toMatch(/Opening camera front-room .* ok/);
  });

  it("doctor passes every check", async () => {
    const stdout = await typeReadme("npx edge-agent doctor", [], device);
    for (const name of [
      "config",
      "credentials",
      "model",
      "hub",
      "clock",
      "mqtt",
      "camera front-room",
      "disk",
    ])
      expect(stdout).toMatch(new RegExp(`^✓ ${name}`, "m"));
  });

  it("run, until status shows its report (plus --health-every 2: the 30 s default is slow for a test)", async () => {
    agent = spawnFromRoot(`${fromReadme("npx edge-agent run")} --health-every 2`, device.env);
    let log = "";
    // Read, or a full pipe would stall the agent's logging.
    for (const stream of [agent.stdout, agent.stderr])
      stream?.on("data", (chunk: Buffer) => {
        log = `${log}${chunk}`.slice(-4_000);
      });
    const status = fromReadme("npx edge-agent status");
    const report = await eventually(
      "status to show the running agent's report",
      async () => {
        const r = await runFromRoot(status, device);
        return r.code === 0 && /camera front-room: \w+, last frame/.test(r.stdout) && r.stdout;
      },
      90_000,
      1_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; the agent said:\n${log}`);
    });
    expect(report).toMatch(new RegExp(`^device +${hub.site}/edge-1`, "m"));
    expect(report).toMatch(/MQTT connected/);
  }, 120_000);

  it("seats shows the camera the agent is running", async () => {
    const stdout = await typeReadme("npx edge-agent seats", [], device);
    expect(stdout).toMatch(/^agent running; seat states as of /);
    expect(stdout).toContain('camera front-room "Front room": 0 seats');
  });

  it("snapshot writes a picture from the camera (to a temp dir, not the repository root)", async () => {
    const out = join(dir, "front.png");
    const command = "npx edge-agent snapshot front-room --out front.png";
    const stdout = await typeReadme(command, [["--out front.png", `--out ${out}`]], device);
    expect(stdout).toContain(`front-room: 768x576 picture written to ${out}`);
    expect(readFileSync(out).subarray(1, 4).toString()).toBe("PNG");
  });

  it("run stops on SIGTERM", async () => {
    const stopped = new Promise((done) => agent?.on("close", done));
    if (agent) stopGroup(agent, "SIGTERM");
    await stopped;
    agent = undefined;
  }, 30_000);
});

describe.skipIf(!hasMedia)("the models on the shared media", () => {
  const photo: Swap = ["photo.jpg", media("person.jpg")];
  it("detect photo.jpg (plus --out into a temp dir: the default is the current directory)", async () => {
    const out = join(dir, "photo.detections.png");
    const stdout = await typeReadme("npx edge-agent detect photo.jpg", [photo], { extra: `--out ${out}` });
    expect(stdout).toMatch(/^person\s+0\.\d\d/m);
    expect(existsSync(out)).toBe(true);
  });

  it("detect --json --classes --threshold", async () => {
    const command = "npx edge-agent detect photo.jpg --json --classes person,cup --threshold 0.4";
    const { detections } = JSON.parse(await typeReadme(command, [photo])) as {
      detections: { label: string; score: number }[];
    };
    expect(detections.some((d) => d.label === "person")).toBe(true);
    expect(detections.every((d) => ["person", "cup"].includes(d.label) && d.score >= 0.4)).toBe(true);
  });

  it("detect on a video, one frame every 2 s, 10 frames", async () => {
    const command = "npx edge-agent detect clip.mp4 --every 2 --frames 10";
    const stdout = await typeReadme(command, [["clip.mp4", media("vtest.avi")]], { timeoutMs: 120_000 });
    const times = [...stdout.matchAll(/^t=(\d+\.\d\d)s: \d+ detections/gm)].map(([, t]) => Number(t));
    expect(times).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  }, 120_000);

  it("face [--json]", async () => {
    const swaps: Swap[] = [["portrait.png", media("astronaut.png")], JSON_FLAG];
    const stdout = await typeReadme("npx edge-agent face portrait.png [--json]", swaps);
    const { faces } = JSON.parse(stdout) as { faces: { landmarks: number[][] }[] };
    expect(faces.map((f) => f.landmarks.length)).toEqual([468]);
  });

  it("attention [--json] [--fps 10] on a real face clip: its one labelled blink, no yawn", async () => {
    const swaps: Swap[] = [["clip.mp4", media("faces/single_face.mp4")], JSON_FLAG, ["[--fps 10]", ""]];
    const stdout = await typeReadme("npx edge-agent attention clip.mp4 [--json] [--fps 10]", swaps, {
      timeoutMs: 120_000,
    });
    const report = JSON.parse(stdout) as { blinks: number; frames: { state: string }[] };
    expect(report.blinks).toBe(1);
    expect(report.frames.length).toBeGreaterThan(60);
    expect(report.frames.some((f) => f.state === "yawning")).toBe(false);
  }, 120_000);

  it("ocr [--json] on a gate camera's photograph", async () => {
    const gate = media("containers/124126001/1-124126001-OCR-AH-A01.jpg");
    const stdout = await typeReadme("npx edge-agent ocr gate.png [--json]", [["gate.png", gate], JSON_FLAG]);
    const { lines } = JSON.parse(stdout) as { lines: { text: string }[] };
    expect(lines.length).toBeGreaterThan(0);
  });

  it("read-code [--json] on two gate photographs: their ISO 6346 numbers, check digit valid", async () => {
    const rear = media("containers/124126001/1-124126001-OCR-AH-A01.jpg");
    const side = media("containers/124126001/1-124126001-OCR-AS-B01.jpg");
    const swaps: Swap[] = [["gate-*.jpg", `${rear} ${side}`], JSON_FLAG];
    const stdout = await typeReadme("npx edge-agent read-code gate-*.jpg [--json]", swaps);
    const { pictures } = JSON.parse(stdout) as { pictures: { codes: { code: string; valid: boolean }[] }[] };
    // labels.tsv: the rear shows BEAU2656931, the second box TRHU1700369.
    expect(pictures.map((p) => p.codes.filter((c) => c.valid).map((c) => c.code))).toEqual([
      ["BEAU2656931"],
      ["TRHU1700369"],
    ]);
  });
});

describe("the hub commands, on a throw-away data dir", () => {
  const hubEnv = () => ({ env: { HUB_DATA_DIR: join(dir, "hub"), LOG_LEVEL: "silent" } });
  it("create-admin --email E", async () => {
    const email: Swap = ["--email E", "--email readme@example.com"];
    const stdout = await typeReadme("npm run hub -- create-admin --email E", [email], hubEnv());
    expect(stdout).toMatch(/created admin readme@example\.com with password \S{12,}/);
  });

  it("migrate", async () => {
    const stdout = await typeReadme("npm run hub -- migrate", [], hubEnv());
    expect(stdout).toContain(`migrated PGlite in ${join(dir, "hub", "pglite")}`);
  });
});
