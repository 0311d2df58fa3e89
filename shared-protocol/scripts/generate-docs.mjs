// Writes docs/protocol.md and docs/protocol.schema.json from the compiled schemas (run after build).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderProtocolDoc } from "../dist/docs/render-protocol-doc.js";
import { protocolJsonSchema } from "../dist/index.js";

const docs = fileURLToPath(new URL("../../docs/", import.meta.url));
writeFileSync(`${docs}protocol.md`, renderProtocolDoc());
writeFileSync(`${docs}protocol.schema.json`, `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`);
console.log(`wrote ${docs}protocol.md and protocol.schema.json`);
