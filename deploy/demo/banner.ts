import type { Login } from "./demo-credentials.js";

export interface BannerInfo {
  url: string;
  demo: Login;
  adminEmail: string;
  credentialsFile: string;
  siteName: string;
  camera: string;
  dataDir: string;
  seats: number;
  /** The gate camera's source, or why there is none. */
  gate: { camera: string } | { missing: string };
}

/** What a newcomer needs, in one block; the first two lines are also what the end-to-end test reads. */
export function printBanner(info: BannerInfo): void {
  const rule = "─".repeat(72);
  const lines = [
    "",
    rule,
    "  Sitewatch demo is running",
    "",
    `  Dashboard:   ${info.url}`,
    `  Demo login:  ${info.demo.email} / ${info.demo.password}`,
    `               (site manager of "${info.siteName}": seat map, statistics, seat editor,`,
    "               devices, gate log with live view, gate settings)",
    `  Admin login: ${info.adminEmail} — its password is in ${info.credentialsFile}`,
    `  Camera:      ${info.camera}`,
    `               ${info.seats} seats on the walkway; the seat map changes as people walk through`,
    ...("camera" in info.gate
      ? [
          `  Gate camera: ${info.gate.camera}`,
          "               trucks pass every few seconds; their container codes fill the gate log",
        ]
      : [`  Gate camera: none (${info.gate.missing})`]),
    `  Data:        ${info.dataDir} (kept between runs; logs in ${info.dataDir}/logs)`,
    "",
    "  Ctrl-C to stop · npm run reset to delete the demo data and start over",
    rule,
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
