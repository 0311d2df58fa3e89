#!/usr/bin/env node
import "../polyfills.js";
import { Command, CommanderError } from "commander";
import { productVersion } from "../package-version.js";
import { registerAttention } from "./attention-command.js";
import { CliError } from "./cli-error.js";
import { registerDetect } from "./detect-command.js";
import { registerDoctor } from "./doctor-command.js";
import { registerFace } from "./face-command.js";
import { registerInit } from "./init-command.js";
import { registerOcr } from "./ocr-command.js";
import { registerReadCode } from "./read-code-command.js";
import { registerRun } from "./run-command.js";
import { registerSeats } from "./seats-command.js";
import { registerSnapshot } from "./snapshot-command.js";
import { registerStatus } from "./status-command.js";
import { registerWorker } from "./worker-command.js";

// The installer's and support's tool. Every failure ends as one line on stderr and a non-zero exit:
// 1 for a problem with the input or the models, 2 for a usage error.
const program = new Command("edge-agent")
  .description(
    [
      // Short lines: commander wraps help at 80 columns and would break these mid-sentence.
      "Sitewatch edge agent: analyses the site's cameras on this device with ONNX",
      "models and sends state events to the hub over MQTT 3.1.1, queueing them on",
      "disk while the hub is away.",
      "Roles: seats (empty / occupied / held), gate (container codes read at an",
      "entrance) and attention (anonymous focus states per face); any camera can",
      "also be recorded, and worker analyses the recordings here.",
      "Set up with init and doctor; run is the daemon; status, seats and snapshot",
      "look at a running device; detect, face, ocr and attention try the models on",
      "a picture or a video.",
    ].join("\n"),
  )
  .version(productVersion(), "-V, --version", "print the Sitewatch version")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });
// Listed in the order an installer meets them, as in the README.
registerInit(program);
registerDoctor(program);
registerRun(program);
registerStatus(program);
registerSeats(program);
registerSnapshot(program);
registerDetect(program);
registerFace(program);
registerAttention(program);
registerOcr(program);
registerReadCode(program);
registerWorker(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    const message = err instanceof CliError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`edge-agent: ${message.split("\n")[0]}\n`);
    process.exitCode = 1;
  }
}
