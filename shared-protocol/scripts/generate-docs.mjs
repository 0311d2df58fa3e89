// Writes docs/protocol.md, docs/protocol.schema.json and docs/asyncapi.json from the compiled schemas
// (run after build, through `npm run docs:protocol`).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderAsyncApi } from "../dist/docs/render-asyncapi.js";
import { renderProtocolDoc } from "../dist/docs/render-protocol-doc.js";
import { protocolJsonSchema } from "../dist/index.js";

const docs = fileURLToPath(new URL("../../docs/", import.meta.url));
writeFileSync(`${docs}protocol.md`, renderProtocolDoc());
writeFileSync(`${docs}protocol.schema.json`, `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`);
writeFileSync(`${docs}asyncapi.json`, `${JSON.stringify(renderAsyncApi(), null, 2)}\n`);
// Biome checks docs/asyncapi.json like any other file; formatting it here keeps `npm run lint` clean
// (its test compares the document as data, so the layout does not matter to it).
execFileSync("biome", ["format", "--write", `${docs}asyncapi.json`], { stdio: "ignore" });
console.log(`wrote ${docs}protocol.md, protocol.schema.json and asyncapi.json`);
