import { PROTOCOL_VERSION } from "@sitewatch/shared-protocol";
import { Gauge, type Registry } from "prom-client";
import { productVersion } from "../package-version.js";

let cached: string | undefined;

/**
 * The hub's version (see package-version.ts), read when first asked; "unknown" when the package.json is
 * missing, e.g. a hand-copied build: a metric must not stop the hub.
 */
export function hubVersion(): string {
  if (cached === undefined) {
    try {
      cached = productVersion() || "unknown";
    } catch {
      cached = "unknown";
    }
  }
  return cached;
}

/**
 * `sitewatch_build_info{version, protocol, node} 1`, the usual info-gauge shape: dashboards join on it
 * (`* on(instance) group_left(version)`) and a rollout shows as the version label changing per instance.
 */
export function registerBuildInfo(registry: Registry): void {
  new Gauge({
    name: "sitewatch_build_info",
    help: "Always 1; the labels say which hub version, wire protocol and Node.js runtime this instance runs",
    labelNames: ["version", "protocol", "node"] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.set({ version: hubVersion(), protocol: String(PROTOCOL_VERSION), node: process.versions.node }, 1);
    },
  });
}
