import type { AttentionSettings, AttentionThresholdOverrides } from "@sitewatch/hub/api-types";
import { defaultAttentionThresholds } from "@sitewatch/shared-protocol/attention";
import { cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices } from "../../../testing/fake-services.js";
import AttentionSettingsPage from "./attention-settings-page.js";
import { thresholdKeys } from "./threshold-draft.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const PATH = "/api/v1/sites/cafe/attention-settings";
const view = (overrides: AttentionThresholdOverrides): AttentionSettings => ({
  overrides,
  effective: { ...defaultAttentionThresholds, ...overrides },
});

/**
 * The hub's route as far as the page sees it: GET the stored view; PUT replaces the overrides, or
 * answers 400 the way the hub does when blinkMinMs exceeds blinkMaxMs (stubFetch only answers 2xx).
 */
function serveHub(initial: AttentionThresholdOverrides) {
  let stored = initial;
  const puts: unknown[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input), "http://hub.test");
      if (url.pathname !== PATH) return Response.json({ error: { code: "NOT_FOUND" } }, { status: 404 });
      if ((init?.method ?? "GET") === "GET") return Response.json(view(stored));
      const { thresholds } = JSON.parse(String(init?.body)) as { thresholds: AttentionThresholdOverrides };
      puts.push(thresholds);
      const effective = view(thresholds).effective;
      if (effective.blinkMinMs > effective.blinkMaxMs) {
        const message = `blinkMinMs (${effective.blinkMinMs}) must not exceed blinkMaxMs (${effective.blinkMaxMs})`;
        const error = {
          code: "VALIDATION_FAILED",
          message: `invalid thresholds: ${message}`,
          requestId: "r1",
          details: [{ path: "thresholds.blinkMinMs", message, code: "custom" }],
        };
        return Response.json({ error }, { status: 400 });
      }
      stored = thresholds;
      return Response.json(view(stored));
    }),
  );
  return puts;
}

const row = (key: string) => document.querySelector(`tr[data-threshold="${key}"]`) as HTMLElement;
const input = (key: string) => screen.getByLabelText(new RegExp(`^${key} `)) as HTMLInputElement;

describe("AttentionSettingsPage", () => {
  it("shows every threshold with its value in effect, the schema's description and the site's override", async () => {
    serveHub({ drowsyMs: 2_000 });
    renderWithServices(<AttentionSettingsPage />, { role: "site_manager" });
    await screen.findByRole("table");
    expect(
      [...document.querySelectorAll("tr[data-threshold]")].map((r) => r.getAttribute("data-threshold")),
    ).toEqual(thresholdKeys);
    expect(row("drowsyMs").querySelector(".effective")?.textContent).toBe("2,000 ms (2 s)");
    expect(input("drowsyMs").value).toBe("2000");
    expect(row("drowsyMs").textContent).toContain("Eyes closed at least this long: drowsy");
    expect(input("absentMs").value).toBe("");
    expect(input("absentMs").placeholder).toBe("default 3000");
    expect(row("closedEarRatio").textContent).toContain("fraction, 0–1");
    expect(screen.getByRole("button", { name: "Reset absentMs to its default" })).toHaveProperty(
      "disabled",
      true,
    );
  });

  it("refuses a typo at its field, shows the hub's 400 message, then saves and resets a field", async () => {
    const puts = serveHub({ drowsyMs: 2_000 });
    renderWithServices(<AttentionSettingsPage />, { role: "admin" });
    await screen.findByRole("table");
    const save = screen.getByRole("button", { name: "Save" });

    await userEvent.type(input("yawnMar"), "x");
    expect(row("yawnMar").textContent).toContain("Enter a number.");
    await userEvent.clear(input("yawnMar"));
    await userEvent.type(input("yawnMar"), "3");
    expect(row("yawnMar").textContent).toContain("Must be between 0 and 2.");
    await userEvent.click(save);
    expect(screen.getByRole("status").textContent).toBe("Fix the marked fields first.");
    expect(puts).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Reset yawnMar to its default" }));

    // Reset removes drowsyMs from the overrides; blinkMinMs above blinkMaxMs only the hub refuses.
    await userEvent.click(screen.getByRole("button", { name: "Reset drowsyMs to its default" }));
    expect(input("drowsyMs").value).toBe("");
    await userEvent.type(input("blinkMinMs"), "900");
    await userEvent.click(save);
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toBe(
        "The hub refused the thresholds: invalid thresholds: blinkMinMs (900) must not exceed blinkMaxMs (800)",
      ),
    );
    expect(screen.getByRole("status").className).toContain("error");
    expect(input("blinkMinMs").getAttribute("aria-invalid")).toBe("true");
    expect(puts).toEqual([{ blinkMinMs: 900 }]);
    // The effective values stay the stored ones until a save succeeds.
    expect(row("drowsyMs").querySelector(".effective")?.textContent).toBe("2,000 ms (2 s)");

    await userEvent.clear(input("blinkMinMs"));
    await userEvent.type(input("blinkMinMs"), "50");
    expect(input("blinkMinMs").getAttribute("aria-invalid")).toBeNull();
    await userEvent.click(save);
    await screen.findByText(/^Saved\./);
    expect(puts).toEqual([{ blinkMinMs: 900 }, { blinkMinMs: 50 }]);
    expect(row("blinkMinMs").querySelector(".effective")?.textContent).toBe("50 ms (0.05 s)");
    expect(row("drowsyMs").querySelector(".effective")?.textContent).toBe("1,000 ms (1 s)");
    expect(screen.queryByText("Unsaved changes")).toBeNull();
  });

  it("labels the form in Korean", async () => {
    serveHub({});
    renderWithServices(<AttentionSettingsPage />, { locale: "ko" });
    expect(await screen.findByText("집중 설정")).toBeDefined();
    expect(screen.getByRole("button", { name: "저장" })).toBeDefined();
    expect(row("absentMs").textContent).toContain("밀리초 (ms)");
  });
});
