import type { Command } from "commander";
import { quietFfmpeg } from "../agent-config/probe-camera.js";
import { videoFrames } from "../video/video-frames.js";
import { createDetector } from "../vision/detect/create-detector.js";
import type { Detection, DetectOptions, Detector } from "../vision/detect/detector.js";
import { annotate } from "../vision/image/annotate.js";
import { loadRgb } from "../vision/image/raw-image.js";
import { CliError, fraction, mediaKind, positiveInt, requireReadable, seconds } from "./cli-error.js";
import { annotatedPath, fmtBox, printJson, writeOutput } from "./output.js";

interface DetectFlags {
  model: string;
  json?: boolean;
  threshold?: number;
  iou?: number;
  classes?: string;
  max?: number;
  out?: string;
  threads?: number;
  every: number;
  frames?: number;
}

const line = (d: Detection) => `${d.label.padEnd(14)} ${d.score.toFixed(2)}  ${fmtBox(d.box)}`;

export function registerDetect(program: Command): void {
  program
    .command("detect")
    .description("detect objects in a picture or a video (file or rtsp:// URL)")
    .argument("<input>", "image (jpg, png, …) or video file / stream URL")
    .option("--model <name|path>", "centernet (built in) or a YOLO v8/v11 .onnx export", "centernet")
    .option("--json", "print JSON instead of a table and write no annotated image")
    .option("--threshold <score>", "minimum score 0..1", fraction("--threshold"))
    .option("--iou <iou>", "NMS IoU threshold 0..1", fraction("--iou"))
    .option("--classes <list>", "only these labels, comma-separated (e.g. person,cup)")
    .option("--max <n>", "at most n detections per picture", positiveInt("--max"))
    .option("--out <file>", "where to write the annotated picture (default ./<name>.detections.png)")
    .option("--threads <n>", "inference threads", positiveInt("--threads"))
    .option("--every <seconds>", "video: analyse one frame every this many seconds", seconds("--every"), 1)
    .option("--frames <n>", "video: stop after n analysed frames", positiveInt("--frames"))
    .action(async (input: string, flags: DetectFlags) => {
      requireReadable(input);
      const detector = await createDetector({ model: flags.model, threads: flags.threads }).catch(
        (err: Error) => {
          throw new CliError(err.message);
        },
      );
      try {
        const opts: DetectOptions = {
          scoreThreshold: flags.threshold,
          iouThreshold: flags.iou,
          classes: flags.classes
            ?.split(",")
            .map((c) => c.trim())
            .filter(Boolean),
          maxDetections: flags.max,
        };
        if (mediaKind(input) === "image") await detectImage(detector, input, opts, flags);
        else await detectVideo(detector, input, opts, flags);
      } finally {
        await detector.close();
      }
    });
}

async function detectImage(detector: Detector, input: string, opts: DetectOptions, flags: DetectFlags) {
  const frame = await loadRgb(input).catch((err: Error) => {
    throw new CliError(`cannot decode ${input} as an image: ${err.message}`);
  });
  const started = performance.now();
  const detections = await detector.detect(frame, opts);
  const ms = performance.now() - started;
  if (flags.json)
    return printJson({ input, model: detector.name, width: frame.width, height: frame.height, detections });
  for (const d of detections) console.log(line(d));
  const out = annotatedPath(input, "detections", flags.out);
  await writeOutput(
    out,
    await annotate(
      frame,
      detections.map((d) => ({ box: d.box, label: d.label, score: d.score })),
    ),
  );
  console.log(
    `${detections.length} detections by ${detector.name} in ${ms.toFixed(0)} ms; annotated copy: ${out}`,
  );
}

async function detectVideo(detector: Detector, input: string, opts: DetectOptions, flags: DetectFlags) {
  // FFmpeg's own stderr chatter would break the one-line error rule; failures arrive as errors.
  quietFfmpeg();
  const results: { time: number; detections: Detection[] }[] = [];
  try {
    for await (const frame of videoFrames(input, { everySeconds: flags.every, maxFrames: flags.frames })) {
      const detections = await detector.detect(frame, opts);
      if (flags.json) results.push({ time: frame.time, detections });
      else {
        console.log(`t=${frame.time.toFixed(2)}s: ${detections.length} detections`);
        for (const d of detections) console.log(`  ${line(d)}`);
      }
    }
  } catch (err) {
    throw new CliError(`cannot decode ${input} as video: ${(err as Error).message}`);
  }
  if (flags.json) printJson({ input, model: detector.name, frames: results });
}
