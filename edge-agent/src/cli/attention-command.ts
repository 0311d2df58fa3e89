import { attentionThresholdsSchema } from "@sitewatch/shared-protocol/attention";
import { type Command, InvalidArgumentError } from "commander";
import { quietFfmpeg } from "../agent-config/probe-camera.js";
import { createFaceLandmarker } from "../vision/face/face-landmarker.js";
import {
  ATTENTION_MIN_MESH_SCORE,
  type AttentionAnalysis,
  type AttentionEvent,
  analyseAttention,
} from "./attention-analysis.js";
import { CliError, positiveInt, requireReadable } from "./cli-error.js";
import { printJson } from "./output.js";

interface Flags {
  json?: boolean;
  fps?: number;
  threads?: number;
  thresholds?: Record<string, number>;
}

export function registerAttention(program: Command): void {
  program
    .command("attention")
    .description("eye/mouth ratios, head pose, blinks and attention states of the face in a video or picture")
    .argument("<input>", "video file (mp4, mpg, gif, …) or picture")
    .option("--json", "print JSON (every frame and the events) instead of a table")
    .option("--fps <n>", "analyse at most n frames per second (default: every frame)", positiveInt("--fps"))
    .option("--threads <n>", "inference threads", positiveInt("--threads"))
    .option(
      "--thresholds <json>",
      "attention thresholds to override, e.g. '{\"distractedMs\":1000}'",
      parseThresholds,
    )
    .action(async (input: string, flags: Flags) => {
      requireReadable(input);
      const landmarker = await createFaceLandmarker({
        threads: flags.threads,
        minMeshScore: ATTENTION_MIN_MESH_SCORE,
      }).catch((err: Error) => {
        throw new CliError(err.message);
      });
      // FFmpeg's own stderr chatter would break the one-line error rule; failures arrive as errors.
      quietFfmpeg();
      try {
        const result = await analyseAttention(input, landmarker, {
          fps: flags.fps,
          thresholds: flags.thresholds,
        }).catch((err: Error) => {
          throw new CliError(`cannot analyse ${input}: ${err.message}`);
        });
        if (flags.json) printJson({ input, ...result });
        else printTable(result);
      } finally {
        await landmarker.close();
      }
    });
}

function parseThresholds(value: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError("--thresholds must be a JSON object");
  }
  const result = attentionThresholdsSchema.partial().strict().safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidArgumentError(
      `--thresholds: ${issue?.path.join(".") || "value"} ${issue?.message ?? ""}`.trim(),
    );
  }
  return result.data as Record<string, number>;
}

const num = (v: number, digits: number, width: number) => v.toFixed(digits).padStart(width);

function printTable(r: AttentionAnalysis): void {
  console.log("frame   time    EAR  left right    MAR    yaw  pitch   roll  state");
  for (const f of r.frames) {
    const head = `${String(f.frame).padStart(5)} ${num(f.time, 3, 6)}`;
    const s = f.face;
    const body = s
      ? `${num(s.ear, 3, 6)} ${num(s.earLeft, 3, 5)} ${num(s.earRight, 3, 5)} ${num(s.mar, 3, 6)} ` +
        `${num(s.yaw, 1, 6)} ${num(s.pitch, 1, 6)} ${num(s.roll, 1, 6)}`
      : `${"no face".padStart(6)}${" ".repeat(44)}`;
    console.log(`${head} ${body}  ${f.state}`);
  }
  console.log(r.events.length ? "events:" : "events: none");
  for (const e of r.events) console.log(`  ${describe(e)}`);
  const seconds = r.frames.at(-1)?.time ?? 0;
  const rate = seconds > 0 ? `, ${((r.blinks * 60) / seconds).toFixed(0)}/min` : "";
  const withFace = r.frames.filter((f) => f.face).length;
  console.log(
    `${r.frames.length} frames (${withFace} with a face), ${r.blinks} blink${r.blinks === 1 ? "" : "s"}${rate}`,
  );
  const c = r.calibration;
  console.log(
    c
      ? `calibrated: open-eye EAR ${c.openEar.toFixed(3)}, neutral yaw ${c.neutralYaw.toFixed(1)}°, pitch ${c.neutralPitch.toFixed(1)}°`
      : `not calibrated (needs ${r.thresholds.calibrationMs} ms of face; provisional neutral pose used)`,
  );
}

function describe(e: AttentionEvent): string {
  const frames =
    e.startFrame === e.endFrame ? `frame ${e.startFrame}` : `frames ${e.startFrame}–${e.endFrame}`;
  const open = e.open ? ", until the end" : "";
  return `${e.kind.padEnd(10)} ${frames} (${e.start.toFixed(2)}–${e.end.toFixed(2)} s${open})`;
}
