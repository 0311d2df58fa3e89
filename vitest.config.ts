import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Integration tests talk to real services (Postgres, Mosquitto, FFmpeg, Chromium); they are named
// *.integration.test.ts so `npm run test:unit` can skip them while `npm test` runs everything.
const integration = "**/*.integration.test.ts";
const ignored = ["**/node_modules/**", "**/dist/**"];

export default defineConfig({
  test: {
    reporters: ["default", "./testkit/src/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["**/src/**/*.test.ts"],
          exclude: [...ignored, integration, "dashboard/**"],
        },
      },
      {
        // The dashboard's component tests render React into happy-dom (a DOM in Node, no browser);
        // its end-to-end tests drive Debian's chromium and are integration tests.
        plugins: [react()],
        test: {
          name: "dashboard",
          sequence: { groupOrder: 0 },
          environment: "happy-dom",
          include: ["dashboard/src/**/*.test.{ts,tsx}"],
          exclude: [...ignored, integration],
        },
      },
      {
        test: {
          name: "integration",
          // Fast unit tests first, so a broken build fails in seconds.
          sequence: { groupOrder: 1 },
          include: [integration],
          exclude: ignored,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own servers; two cores do not gain from running many at once.
          maxWorkers: 2,
        },
      },
    ],
  },
});
