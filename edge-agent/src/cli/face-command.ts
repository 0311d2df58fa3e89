import { eyeAspectRatio, mouthAspectRatio } from "@sitewatch/shared-protocol/attention";
import type { Command } from "commander";
import sharp from "sharp";
import { createFaceLandmarker } from "../vision/face/face-landmarker.js";
import { annotate } from "../vision/image/annotate.js";
import { loadRgb } from "../vision/image/raw-image.js";
import { CliError, positiveInt, requireReadable } from "./cli-error.js";
import { annotatedPath, fmtBox, printJson, writeOutput } from "./output.js";

export function registerFace(program: Command): void {
  program
    .command("face")
    .description("find faces and their 468 face-mesh landmarks in a picture")
    .argument("<image>", "picture file")
    .option("--json", "print JSON (faces with all landmarks) instead of a summary")
    .option("--out <file>", "where to write the annotated picture (default ./<name>.faces.png)")
    .option("--threads <n>", "inference threads", positiveInt("--threads"))
    .action(async (input: string, flags: { json?: boolean; out?: string; threads?: number }) => {
      requireReadable(input);
      const frame = await loadRgb(input).catch((err: Error) => {
        throw new CliError(`cannot decode ${input} as an image: ${err.message}`);
      });
      const landmarker = await createFaceLandmarker({ threads: flags.threads }).catch((err: Error) => {
        throw new CliError(err.message);
      });
      try {
        const faces = await landmarker.detect(frame);
        if (flags.json) return printJson({ input, width: frame.width, height: frame.height, faces });
        for (const [i, f] of faces.entries()) {
          const r = {
            leftEye: eyeAspectRatio(f.landmarks, "left"),
            rightEye: eyeAspectRatio(f.landmarks, "right"),
            mouth: mouthAspectRatio(f.landmarks),
          };
          console.log(
            `face ${i + 1}: score ${f.score.toFixed(2)}, mesh ${f.meshScore.toFixed(2)}, box ${fmtBox(f.box)}, ` +
              `${f.landmarks.length} landmarks, EAR L/R ${r.leftEye.toFixed(2)}/${r.rightEye.toFixed(2)}, MAR ${r.mouth.toFixed(2)}`,
          );
        }
        const out = annotatedPath(input, "faces", flags.out);
        const boxes = await annotate(
          frame,
          faces.map((f, i) => ({ box: f.box, label: `face ${i + 1}`, score: f.score })),
        );
        // Landmarks as small dots, so the face stays visible under 468 points.
        const dots = faces
          .flatMap((f) =>
            f.landmarks.map(([x, y]) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="1.2"/>`),
          )
          .join("");
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${frame.width}" height="${frame.height}"><g fill="#00e5ff">${dots}</g></svg>`;
        const image = await sharp(boxes)
          .composite([{ input: Buffer.from(svg) }])
          .png()
          .toBuffer();
        await writeOutput(out, image);
        console.log(`${faces.length} face${faces.length === 1 ? "" : "s"}; annotated copy: ${out}`);
      } finally {
        await landmarker.close();
      }
    });
}
