import { iso6346CheckDigit, uuidv7 } from "@sitewatch/shared-protocol";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserUnavailable, shot, useE2eSession } from "./harness.js";

const COUNT = 30;
const PAGE_SIZE = 25;

/** A gateEntry with a real ISO 6346 number; `wrongDigit` records a misread check digit as such. */
function gateEntry(ownerCode: string, serial: string, at: number, wrongDigit = false) {
  const right = iso6346CheckDigit(`${ownerCode}U${serial}`) as number;
  const checkDigit = wrongDigit ? (right + 1) % 10 : right;
  return {
    at,
    container: { ownerCode, category: "U", serial, checkDigit, checkDigitValid: !wrongDigit },
    rawText: `${ownerCode}U ${serial} ${checkDigit}`,
    vehicleClass: "truck",
    direction: at % 2 === 0 ? "in" : "out",
    confidence: 0.9,
  };
}

// Entry i: CSQ for every third one (0, 3, …, 27), MSC otherwise; serial 300000 + i; one second apart.
const owner = (i: number) => (i % 3 === 0 ? "CSQ" : "MSC");
const serial = (i: number) => String(300_000 + i);

const numbers = (page: Page) => page.locator("tbody tr .gate-number").allTextContents();

/** A 320 × 120 JPEG with `text` on it, drawn by the browser itself (no image library needed), as base64. */
function drawCrop(page: Page, text: string): Promise<string> {
  return page.evaluate((label) => {
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 120;
    const g = canvas.getContext("2d");
    if (!g) throw new Error("no 2d canvas");
    g.fillStyle = "#1d4e89";
    g.fillRect(0, 0, 320, 120);
    g.fillStyle = "#ffffff";
    g.font = "bold 34px sans-serif";
    g.fillText(label, 16, 72);
    return canvas.toDataURL("image/jpeg", 0.85).replace(/^data:image\/jpeg;base64,/, "");
  }, text);
}

// The gate log against a real hub (issue #6, item 7; issue 14): entries published by a device over
// MQTT, paged with the hub's cursor, filtered by container number, a new entry pushed live, and its
// crop shown as a thumbnail once the hub stored it.
describe.skipIf(browserUnavailable)("gate log", () => {
  const base = Date.now() - 10 * 60_000;
  const s = useE2eSession({
    site: "port",
    device: { device: "gate-edge", cameras: [{ id: "lane-1", seats: [] }] },
    path: "gate",
    prepare: async ({ hub, device }) => {
      for (let i = 0; i < COUNT; i++)
        await device.publish(
          "gateEntry",
          "lane-1",
          gateEntry(owner(i), serial(i), base + i * 1_000, i === 1),
        );
      // Ingest writes in batches: wait until all entries are stored before the browser looks.
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const page = (await hub.api("/api/v1/sites/port/gate-logs?limit=100")) as { entries: unknown[] };
        if (page.entries.length === COUNT) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  });

  it("pages through the entries with the cursor, newest first", async () => {
    await s.page.locator("tbody tr").first().waitFor();
    const first = await numbers(s.page);
    expect(first).toHaveLength(PAGE_SIZE);
    expect(first[0]).toMatch(new RegExp(`^${owner(29)}U ${serial(29)} `));
    await s.page.getByRole("button", { name: "Load older" }).click();
    await s.page.getByText("Page 2").waitFor();
    await s.page.waitForFunction(
      (n) => document.querySelectorAll("tbody tr").length === n,
      COUNT - PAGE_SIZE,
    );
    const second = await numbers(s.page);
    expect(second.at(-1)).toMatch(new RegExp(`^${owner(0)}U ${serial(0)} `));
    // Entry 1 was read with a wrong check digit: it is recorded, and marked.
    expect(await s.page.locator("tbody .check-invalid").count()).toBe(1);
    expect(await s.page.getByRole("button", { name: "Load older" }).isDisabled()).toBe(true);
    await s.page.getByRole("button", { name: "Newer" }).click();
    await s.page.waitForFunction((n) => document.querySelectorAll("tbody tr").length === n, PAGE_SIZE);
    expect((await numbers(s.page))[0]).toBe(first[0]);
  });

  it("narrows to a container number prefix, and to a date range", async () => {
    await s.page.getByLabel("Container number").fill("csqu 30001");
    // 300010..300019 owned by CSQ: entries 12, 15 and 18.
    await s.page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 3);
    expect((await numbers(s.page)).map((n) => n.slice(0, 11))).toEqual([
      "CSQU 300018",
      "CSQU 300015",
      "CSQU 300012",
    ]);
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, "0")}-${String(tomorrow.getDate()).padStart(2, "0")}`;
    await s.page.getByLabel("From").fill(day);
    await s.page.getByText("No gate entries match these filters.").waitFor();
    await s.page.getByLabel("From").fill("");
    await s.page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 3);
  });

  it("shows a new matching entry live at the top, and ignores one that does not match", async () => {
    await s.device.publish("gateEntry", "lane-1", gateEntry("MSC", "300017", Date.now()));
    await s.device.publish("gateEntry", "lane-1", gateEntry("CSQ", "300017", Date.now()));
    const fresh = s.page.locator("tbody tr.gate-row-new");
    await fresh.waitFor({ timeout: 5_000 });
    expect(await fresh.locator(".gate-number").textContent()).toMatch(/^CSQU 300017 /);
    expect((await numbers(s.page))[0]).toMatch(/^CSQU 300017 /);
    expect(await s.page.locator("tbody tr").count()).toBe(4);
    await shot(s.page, "gate-log");
  });

  it("shows an entry's crop as a thumbnail once the hub stored it, larger on click, and after a reload", async () => {
    const id = uuidv7();
    const jpeg = await drawCrop(s.page, "CSQU 300013");
    await s.device.publish("gateEntry", "lane-1", { ...gateEntry("CSQ", "300013", Date.now()), id });
    const row = s.page.locator(`tbody tr[data-id="${id}"]`);
    await row.waitFor({ timeout: 5_000 });
    expect(await row.locator(".crop-none").count()).toBe(1);

    await s.device.publish("gateCrop", "lane-1", { entry: id, jpeg, width: 320, height: 120 });
    const img = `tbody tr[data-id="${id}"] .crop-thumb img`;
    // Decoded by the browser at its size: fetched with the access token, and served as a JPEG.
    await s.page.waitForFunction(
      (selector) => (document.querySelector(selector) as HTMLImageElement | null)?.naturalWidth === 320,
      img,
      { timeout: 5_000 },
    );
    await row.locator(".crop-thumb").click();
    const dialog = s.page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.locator("figcaption").textContent()).toMatch(/^CSQU 300013 /);
    await shot(s.page, "gate-log-crop");
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "detached" });

    // Loaded over REST, the entry comes with its crop (the filters reset; it is the newest entry).
    await s.page.reload();
    await s.page.waitForFunction(
      (selector) => (document.querySelector(selector) as HTMLImageElement | null)?.naturalWidth === 320,
      img,
      { timeout: 10_000 },
    );
  });
});
