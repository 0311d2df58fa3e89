import { uuidv7 } from "@sitewatch/shared-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gateLogs } from "../../../db/schema/index.js";
import { startTestHub, type TestHub } from "../../../http/http.test-support.js";

let hub: TestHub;
type Row = typeof gateLogs.$inferInsert;
const rows: Row[] = [];
const base = Date.parse("2025-04-01T08:00:00Z");
const owners = ["CSQ", "MSC", "CSQ", "TGH"];

beforeAll(async () => {
  hub = await startTestHub();
  await hub.call("POST", "/api/v1/sites", { token: hub.adminToken, json: { id: "port", name: "Port" } });
  await hub.call("POST", "/api/v1/sites", {
    token: hub.adminToken,
    json: { id: "elsewhere", name: "Elsewhere" },
  });
  for (let i = 0; i < 25; i++) {
    // Entries come in pairs with one timestamp, so the id must break ties for pagination to be exact.
    const at = new Date(base + Math.floor(i / 2) * 60_000);
    const owner = owners[i % owners.length] as string;
    const number = `${owner}U${String(300000 + i * 7).padStart(6, "0")}${i % 10}`;
    rows.push({
      id: uuidv7(base + i),
      siteId: "port",
      deviceId: "g1",
      cameraId: i % 3 === 0 ? "lane2" : "lane1",
      at,
      ownerCode: owner,
      category: "U",
      serial: number.slice(4, 10),
      checkDigit: i % 10,
      checkDigitValid: i % 5 !== 0,
      containerNumber: number,
      rawText: number,
      confidence: 0.9,
      seq: i,
    });
  }
  rows.push({ ...rows[0], id: uuidv7(base + 99), siteId: "elsewhere" } as Row);
  await hub.database.db.insert(gateLogs).values(rows);
});
afterAll(() => hub.close());

function expected(filter: (r: Row) => boolean): string[] {
  return rows
    .filter((r) => r.siteId === "port" && filter(r))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1))
    .map((r) => r.id);
}

async function walk(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q = `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
    const r = await hub.call("GET", `/api/v1/sites/port/gate-logs?${q}`, { token: hub.adminToken });
    expect(r.status, r.text).toBe(200);
    expect(r.body.entries.length).toBeLessThanOrEqual(limit);
    // `at` is epoch ms, as the `gate:entry` event carries it.
    for (const e of r.body.entries) expect(e.at).toBe(rows.find((row) => row.id === e.id)?.at.getTime());
    ids.push(...r.body.entries.map((e: { id: string }) => e.id));
    cursor = r.body.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { ids, pages };
}

describe("gate log pagination", () => {
  it("walks every entry exactly once, newest first, across pages", async () => {
    const { ids, pages } = await walk("", 7);
    expect(pages).toBe(4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected(() => true));
  });

  it("ends with a null cursor when the last page is exactly full", async () => {
    const { ids, pages } = await walk("", 25);
    expect(ids).toHaveLength(25);
    expect(pages).toBe(1);
  });

  it("rejects a tampered cursor and a too large limit", async () => {
    const bad = await hub.call("GET", "/api/v1/sites/port/gate-logs?cursor=abc", { token: hub.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/cursor/);
    const big = await hub.call("GET", "/api/v1/sites/port/gate-logs?limit=201", { token: hub.adminToken });
    expect(big.status).toBe(400);
  });
});

describe("gate log filters", () => {
  it("filter by owner code, case-insensitively", async () => {
    const { ids } = await walk("ownerCode=csq", 4);
    expect(ids).toEqual(expected((r) => r.ownerCode === "CSQ"));
    expect(ids.length).toBeGreaterThan(4);
  });

  it("match number prefixes regardless of spaces, dashes and case", async () => {
    const target = rows[10] as Row;
    const spaced = `${target.containerNumber?.slice(0, 4).toLowerCase()} ${target.containerNumber?.slice(4, 7)}-`;
    const { ids } = await walk(`number=${encodeURIComponent(spaced)}`, 3);
    const prefix = target.containerNumber?.slice(0, 7) ?? "";
    expect(ids).toEqual(expected((r) => r.containerNumber?.startsWith(prefix) === true));
    expect(ids).toContain(target.id);
  });

  it("match number parts anywhere with numberMatch=contains, and only then", async () => {
    const target = rows[10] as Row;
    const middle = `${target.containerNumber?.slice(5, 8)}-${target.containerNumber?.slice(8, 10)}`;
    const { ids } = await walk(`number=${encodeURIComponent(middle)}&numberMatch=contains`, 3);
    const part = middle.replace("-", "");
    expect(ids).toEqual(expected((r) => r.containerNumber?.includes(part) === true));
    expect(ids).toContain(target.id);
    expect((await walk(`number=${encodeURIComponent(middle)}`, 3)).ids).toEqual([]);
  });

  it("filter by camera and time range, combined with pagination", async () => {
    const from = new Date(base + 3 * 60_000).toISOString();
    const to = new Date(base + 9 * 60_000).toISOString();
    const { ids } = await walk(`camera=lane1&from=${from}&to=${to}`, 2);
    expect(ids).toEqual(
      expected(
        (r) =>
          r.cameraId === "lane1" && r.at.getTime() >= base + 3 * 60_000 && r.at.getTime() < base + 9 * 60_000,
      ),
    );
    expect(ids.length).toBeGreaterThan(2);
  });
});
