import { describe, expect, it } from "vitest";
import { createLogger } from "../observability/logger.js";
import type { BatchSink } from "./batch-writer.js";
import type { HandlerContext } from "./handlers/context.js";
import { type AnyIngestModule, KindDispatch, sinksOf } from "./ingest-module.js";

const ctx = { logger: createLogger("silent"), dataDir: "/nonexistent" } as unknown as HandlerContext;
const sink = (name: string): BatchSink<unknown, never> => ({ name, write: async () => {} });

function module(
  name: string,
  kinds: string[],
  seen: string[],
  sequenceInRow: string[] = [],
): AnyIngestModule {
  return {
    name,
    kinds,
    sinks: [sink(`${name}-a`), sink(`${name}-b`)],
    sequenceInRow,
    create: () => ({
      handlers: Object.fromEntries(
        kinds.map((k) => [k, (addr: { camera: string }) => void seen.push(`${name}:${k}:${addr.camera}`)]),
      ),
    }),
  };
}

const decoded = (kind: string, camera?: string) =>
  ({ ok: true, kind, address: { site: "s", device: "d", camera }, message: {} }) as never;

describe("KindDispatch", () => {
  it("sends each kind to the module that owns it, with an empty camera for device-scoped kinds", () => {
    const seen: string[] = [];
    const d = new KindDispatch([module("a", ["seatChange"], seen), module("b", ["health"], seen)], ctx);
    d.dispatch(decoded("seatChange", "cam-1"), 0);
    d.dispatch(decoded("health"), 0);
    expect(seen).toEqual(["a:seatChange:cam-1", "b:health:"]);
  });

  it("refuses a kind claimed by two modules", () => {
    expect(() => new KindDispatch([module("a", ["health"], []), module("b", ["health"], [])], ctx)).toThrow(
      /health is claimed by two ingest modules/,
    );
  });

  it("ignores command kinds a device published, and throws for a kind nobody registered", () => {
    const d = new KindDispatch([module("a", ["health"], [])], ctx);
    expect(d.dispatch(decoded("configPush"), 0)).toBeUndefined();
    expect(() => d.dispatch(decoded("gateEntry", "c"), 0)).toThrow(/no ingest module handles gateEntry/);
  });

  it("collects the kinds that carry their own sequence, and the sinks in module order", () => {
    const mods = [module("a", ["seatChange"], [], ["seatChange"]), module("b", ["health"], [])];
    expect([...new KindDispatch(mods, ctx).sequenceInRow]).toEqual(["seatChange"]);
    expect(sinksOf(mods).map((s) => s.name)).toEqual(["a-a", "a-b", "b-a", "b-b"]);
  });
});
