import { describe, expect, it } from "vitest";
import { createLogger } from "../observability/logger.js";
import { LiveWatchers } from "./live-watchers.js";

const cam = { site: "s", device: "d", camera: "c1" };
const other = { ...cam, camera: "c2" };

function setup(hook?: (watching: boolean) => void) {
  const calls: string[] = [];
  const watchers = new LiveWatchers((address, watching) => {
    calls.push(`${address.camera}:${watching}`);
    hook?.(watching);
  }, createLogger("silent"));
  return { watchers, calls };
}

describe("LiveWatchers", () => {
  it("fires on the first viewer and the last one only", () => {
    const { watchers, calls } = setup();
    const s1 = watchers.watch("a", cam);
    const s2 = watchers.watch("b", cam);
    watchers.watch("b", cam);
    expect(s2).toBe(s1);
    expect(watchers.viewers(cam)).toBe(2);
    expect(watchers.unwatch("a", cam)).toBe(true);
    expect(watchers.unwatch("a", cam)).toBe(false);
    expect(calls).toEqual(["c1:true"]);
    watchers.unwatch("b", cam);
    expect(calls).toEqual(["c1:true", "c1:false"]);
  });

  it("gives a new session once a camera was left, and drops a socket from every camera", () => {
    const { watchers, calls } = setup();
    const first = watchers.watch("a", cam);
    watchers.watch("a", other);
    watchers.dropSocket("a");
    expect(calls.sort()).toEqual(["c1:false", "c1:true", "c2:false", "c2:true"]);
    expect(watchers.watch("a", cam)).not.toBe(first);
    watchers.clear();
    expect(watchers.viewers(cam)).toBe(0);
    expect(calls.filter((c) => c === "c1:false")).toHaveLength(2);
  });

  it("survives a hook that throws", () => {
    const { watchers } = setup(() => {
      throw new Error("boom");
    });
    expect(() => watchers.watch("a", cam)).not.toThrow();
    expect(() => watchers.unwatch("a", cam)).not.toThrow();
    expect(watchers.viewers(cam)).toBe(0);
  });
});
