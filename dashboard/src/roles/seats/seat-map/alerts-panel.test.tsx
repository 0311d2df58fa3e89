import { act, cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithServices } from "../../../testing/fake-services.js";
import SeatMapPage from "./seat-map-page.js";
import { MIN, openAlert, routes, seat, seatMap } from "./testing/seat-map-fixtures.js";

let now = 0;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-26T10:00:00"));
  now = Date.now();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function shownAlert(panel: HTMLElement, id: string): Promise<HTMLElement> {
  return vi.waitFor(() => {
    const found = panel.querySelector<HTMLElement>(`[data-alert="${id}"]`);
    if (!found) throw new Error(`alert ${id} not shown yet`);
    return found;
  });
}

describe("alerts panel", () => {
  it("acknowledges an alert over the socket and drops it when the hub resolves it", async () => {
    const alert = openAlert("al-1", "device-offline", "edge-1", 3 * MIN);
    routes(seatMap([seat("1A", "held", 31 * MIN)]), [alert]);
    const { socket } = renderWithServices(<SeatMapPage />);
    const panel = await screen.findByRole("region", { name: "Alerts" });
    const item = await shownAlert(panel, "al-1");
    expect(item.textContent).toContain("Device offline");
    expect(item.textContent).toContain("Device edge-1 has been offline for 3 min");

    // A held-seat alert pushed live joins the list, with the site's threshold in its title.
    act(() =>
      socket.serverEmit("alert:raised", {
        id: "al-2",
        site: "cafe",
        kind: "seat-held",
        subject: "1A",
        since: now - 31 * MIN,
        message: "",
        raisedAt: now - MIN,
      }),
    );
    expect(panel.querySelector('[data-alert="al-2"]')?.textContent).toContain("Held over 30 min");
    expect(panel.querySelector('[data-alert="al-2"]')?.textContent).toContain(
      "Seat 1A has been held for 31 min",
    );

    await userEvent.click(within(item).getByRole("button", { name: "Acknowledge" }));
    expect(socket.requests).toContainEqual({ event: "alert:acknowledge", payload: { id: "al-1" } });
    await vi.waitFor(() => expect(item.textContent).toContain("Acknowledged by ops@example.com"));
    expect(within(item).queryByRole("button")).toBeNull();

    act(() => socket.serverEmit("alert:resolved", { ...alert, resolvedAt: now }));
    expect(panel.querySelector('[data-alert="al-1"]')).toBeNull();
    expect(panel.querySelector('[data-alert="al-2"]')).not.toBeNull();
  });

  it("acknowledges over REST while the socket is disconnected", async () => {
    const alert = openAlert("al-5", "seat-vacant", "1A", 5 * 60 * MIN);
    const acked = { ...alert, acknowledgedAt: now, acknowledgedBy: "boss@example.com" };
    const route = "POST /api/v1/sites/cafe/alerts/al-5/acknowledge";
    const calls = routes(seatMap([seat("1A", "empty", 5 * 60 * MIN)]), [alert], { [route]: () => acked });
    const { socket } = renderWithServices(<SeatMapPage />);
    socket.connected = false;
    const item = await shownAlert(await screen.findByRole("region", { name: "Alerts" }), "al-5");
    expect(item.textContent).toContain("Empty over 4 h");
    await userEvent.click(within(item).getByRole("button", { name: "Acknowledge" }));
    await vi.waitFor(() => expect(item.textContent).toContain("Acknowledged by boss@example.com"));
    expect(calls.filter((c) => c.method === "POST").map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      route,
    ]);
    expect(socket.requests).toEqual([]);
  });

  it("shows why an acknowledgement failed and keeps the button", async () => {
    routes(seatMap([]), [openAlert("al-9", "camera-offline", "edge-1/cam-1", 2 * MIN)]);
    const { socket } = renderWithServices(<SeatMapPage />, { locale: "ko" });
    socket.ack = () => ({ ok: false, error: { code: "NOT_FOUND", message: "alert al-9 not found" } });
    const button = await screen.findByRole("button", { name: "확인" });
    await userEvent.click(button);
    expect((await screen.findByRole("alert")).textContent).toContain("alert al-9 not found");
    expect(screen.getByRole("button", { name: "확인" })).toBeDefined();
  });
});
