import { describe, expect, it } from "vitest";
import { assignCameraIds, cameraIdFor, parseCameraSpec } from "./camera-spec.js";

describe("--camera specs", () => {
  it("reads name=url with options peeled off the end", () => {
    expect(
      parseCameraSpec("Front room=rtsp://u:p@10.0.0.5/s?a=1,b=2,role=gate,interval=500,id=door"),
    ).toEqual({
      id: "door",
      name: "Front room",
      url: "rtsp://u:p@10.0.0.5/s?a=1,b=2",
      role: "gate",
      intervalMs: 500,
    });
    expect(parseCameraSpec("A=/videos/a.mp4")).toEqual({ id: "", name: "A", url: "/videos/a.mp4" });
  });

  it("says what is wrong in one line", () => {
    expect(() => parseCameraSpec("rtsp://x")).toThrow(/expected name=url/);
    expect(() => parseCameraSpec("A=u,interval=fast")).toThrow(/interval must be a whole number/);
    expect(() => parseCameraSpec("A=u,role=gate,role=seats")).toThrow(/role given twice/);
    expect(() => parseCameraSpec("A=u,role=parking")).toThrow(/role must be one of seats, gate, attention/);
  });

  it("derives unique topic-safe ids from names", () => {
    expect(cameraIdFor("Café Terrace #2", new Set())).toBe("cafe-terrace-2");
    expect(cameraIdFor("!!!", new Set())).toBe("cam");
    const ids = assignCameraIds([
      { id: "", name: "Door", url: "a" },
      { id: "door", name: "X", url: "b" },
      { id: "", name: "Door", url: "c" },
    ]).map((c) => c.id);
    expect(ids).toEqual(["door-2", "door", "door-3"]);
  });
});
