#!/usr/bin/env node
// npm links a workspace's bin into node_modules/.bin only when its file exists during `npm install`, and a
// fresh clone has no dist/ until `npm run build` (or `npm start`). This launcher is committed, so the link
// is always made and `npx sitewatch-hub` runs the local hub instead of asking the registry for a package.
import { existsSync } from "node:fs";

const main = new URL("../dist/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("hub: not built yet: run `npm run build` (or `npm start`) in the repository root\n");
  process.exit(1);
}
await import(main.href);
