import { describe, expect, it } from "vitest";
import { ApiRequestError } from "../../../api/api-client.js";
import { mergeAfterSave, type SeatApi, saveSeats } from "./save-seats.js";
import type { EditorSeat } from "./seat-plan.js";

const polygon: [number, number][] = [
  [0.1, 0.1],
  [0.4, 0.1],
  [0.4, 0.4],
];
const seat = (id: string, originalId?: string): EditorSeat => ({
  key: originalId ?? `new-${id}`,
  id,
  originalId,
  device: "edge-1",
  camera: "cam-1",
  polygon,
});

function fakeApi(fail: Record<string, ApiRequestError> = {}) {
  const calls: string[] = [];
  const answer = async (call: string) => {
    calls.push(call);
    const err = fail[call];
    if (err) throw err;
    return { push: { device: "edge-1", status: calls.length === 1 ? "offline" : "completed", revision: 3 } };
  };
  const api: SeatApi = {
    post: (path, body) => answer(`POST ${path} ${(body as { id: string }).id}`) as never,
    patch: (path) => answer(`PATCH ${path}`) as never,
    delete: (path) => answer(`DELETE ${path}`) as never,
  };
  return { api, calls };
}

describe("saving seats", () => {
  it("frees a reused id first, then creates and patches, and reports the last push per device", async () => {
    const { api, calls } = fakeApi();
    const outcome = await saveSeats(api, "cafe-1", {
      create: [seat("1A"), seat("2A")],
      update: [seat("1B", "1B")],
      remove: [
        { id: "1C", device: "edge-1" },
        { id: "1A", device: "edge-1" },
      ],
    });
    expect(calls).toEqual([
      "DELETE /api/v1/sites/cafe-1/seats/1A",
      "POST /api/v1/sites/cafe-1/seats 1A",
      "POST /api/v1/sites/cafe-1/seats 2A",
      "PATCH /api/v1/sites/cafe-1/seats/1B",
      "DELETE /api/v1/sites/cafe-1/seats/1C",
    ]);
    expect(outcome.errors).toEqual([]);
    expect(outcome.pushes).toEqual([{ device: "edge-1", status: "completed", revision: 3 }]);
  });

  it("puts the hub's complaint on the right field and keeps a renamed seat's old id when the new one fails", async () => {
    const taken = new ApiRequestError(409, "CONFLICT", "seat 1Z already exists at site cafe-1");
    const { api, calls } = fakeApi({ "POST /api/v1/sites/cafe-1/seats 1Z": taken });
    const renamed = { ...seat("1Z", "1A"), key: "1A" };
    const outcome = await saveSeats(api, "cafe-1", {
      create: [renamed],
      update: [],
      remove: [{ id: "1A", device: "edge-1" }],
    });
    expect(calls).toEqual(["POST /api/v1/sites/cafe-1/seats 1Z"]);
    expect(outcome.errors).toEqual([{ key: "1A", field: "name", message: taken.message }]);
    const merged = mergeAfterSave([seat("1A", "1A")], [renamed], outcome.errors);
    expect(merged.seats.map((s) => [s.key, s.id, s.originalId])).toEqual([
      ["1A", "1A", "1A"],
      ["new-1A", "1Z", undefined],
    ]);
    expect(merged.errors[0]?.key).toBe("new-1A");
  });

  it("shows an invalid polygon next to the polygon", async () => {
    const bad = new ApiRequestError(422, "INVALID_POLYGON", "invalid seat polygon: edges 1 and 3 intersect");
    const { api } = fakeApi({ "PATCH /api/v1/sites/cafe-1/seats/1B": bad });
    const outcome = await saveSeats(api, "cafe-1", { create: [], update: [seat("1B", "1B")], remove: [] });
    expect(outcome.errors).toEqual([{ key: "1B", field: "polygon", message: bad.message }]);
  });
});
