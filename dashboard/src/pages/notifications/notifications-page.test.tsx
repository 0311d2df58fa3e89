import type { NotificationChannel, NotificationDelivery } from "@sitewatch/hub/api-types";
import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch } from "../../testing/fake-services.js";
import NotificationsPage from "./notifications-page.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const base = "/api/v1/sites/cafe";
const hook: NotificationChannel = {
  id: "0190f0a0-0000-7000-8000-000000000001",
  site: "cafe",
  kind: "webhook",
  name: "Ops hook",
  config: { url: "https://ops.example.com/hook" },
  hasSecret: true,
  enabled: true,
  alertKinds: null,
  events: ["raised", "resolved"],
  quietHours: { start: "22:00", end: "07:00" },
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
};

function delivery(n: number, over: Partial<NotificationDelivery> = {}): NotificationDelivery {
  return {
    id: `0190f0a0-0000-7000-8000-00000000010${n}`,
    channel: hook.id,
    event: "raised",
    alertId: "a",
    alertKind: "seat-held",
    subject: "1A",
    status: "sent",
    attempt: 1,
    nextAttemptAt: null,
    lastError: null,
    responseCode: 200,
    createdAt: `2026-12-0${n}T10:00:00.000Z`,
    finishedAt: null,
    ...over,
  };
}

describe("NotificationsPage", () => {
  it("lets an admin add a webhook and shows its secret once", async () => {
    let channels: NotificationChannel[] = [];
    const calls = stubFetch({
      [`GET ${base}/notification-channels`]: () => ({ channels }),
      [`GET ${base}/notification-deliveries`]: () => ({ deliveries: [], nextCursor: null }),
      [`POST ${base}/notification-channels`]: (_u, init) => {
        const body = JSON.parse(String(init?.body));
        channels = [{ ...hook, ...body, id: "0190f0a0-0000-7000-8000-000000000009" }];
        return { ...channels[0], secret: "whsec_shown_once" };
      },
    });
    renderWithServices(<NotificationsPage />);
    expect(await screen.findByText(/No channels yet/)).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Add channel" }));
    const editor = within(screen.getByRole("region", { name: "Add channel" }));
    await userEvent.type(editor.getByLabelText("Name"), "Night desk");
    await userEvent.type(editor.getByLabelText("URL"), "https://desk.example.com/in");
    await userEvent.click(editor.getByLabelText("All kinds"));
    await userEvent.click(editor.getByLabelText("camera-offline"));
    await userEvent.click(editor.getByLabelText("device-offline"));
    await userEvent.click(editor.getByLabelText("Use quiet hours"));
    await userEvent.click(editor.getByRole("button", { name: "Save" }));

    const secret = await screen.findByText("Signing secret of Night desk");
    expect(secret.closest("[data-secret]")?.textContent).toContain("whsec_shown_once");
    expect(await screen.findByRole("article", { name: "Night desk" })).toBeTruthy();
    const posted = calls.find((c) => c.method === "POST");
    expect(posted?.body).toEqual({
      kind: "webhook",
      name: "Night desk",
      config: { url: "https://desk.example.com/in" },
      enabled: true,
      alertKinds: ["camera-offline", "device-offline"],
      events: ["raised", "resolved"],
      quietHours: { start: "22:00", end: "07:00" },
    });
    await userEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(screen.queryByText("whsec_shown_once")).toBeNull();
  });

  it("sends a test, shows the answer, and pages and filters the delivery log", async () => {
    const calls = stubFetch({
      [`GET ${base}/notification-channels`]: () => ({ channels: [hook] }),
      [`GET ${base}/notification-deliveries`]: (url) =>
        url.searchParams.get("cursor")
          ? { deliveries: [delivery(1)], nextCursor: null }
          : {
              deliveries: [delivery(3, { status: "failed", lastError: "HTTP 500" }), delivery(2)],
              nextCursor: "c1",
            },
      [`POST ${base}/notification-channels/${hook.id}/test`]: () =>
        delivery(4, { event: "test", status: "failed", lastError: "HTTP 404: no such hook" }),
    });
    renderWithServices(<NotificationsPage />);
    const card = within(await screen.findByRole("article", { name: "Ops hook" }));
    expect(card.getByText(/Quiet hours 22:00–07:00/)).toBeTruthy();
    await screen.findByText("HTTP 500");
    await userEvent.click(screen.getByRole("button", { name: "Older" }));
    await vi.waitFor(() => expect(document.querySelectorAll("[data-delivery]")).toHaveLength(3));
    expect(screen.queryByRole("button", { name: "Older" })).toBeNull();

    await userEvent.click(card.getByRole("button", { name: "Send test" }));
    expect((await card.findByRole("alert")).textContent).toBe("Test failed: HTTP 404: no such hook");

    await userEvent.selectOptions(screen.getByLabelText("Channel"), hook.id);
    await vi.waitFor(() =>
      expect(calls.some((c) => c.url.searchParams.get("channel") === hook.id)).toBe(true),
    );
    const pages = calls.filter((c) => c.url.pathname.endsWith("/notification-deliveries"));
    expect(pages.map((c) => c.url.searchParams.get("cursor"))).toContain("c1");
  });

  it("deletes only after a second click", async () => {
    const calls = stubFetch({
      [`GET ${base}/notification-channels`]: () => ({ channels: [hook] }),
      [`GET ${base}/notification-deliveries`]: () => ({ deliveries: [], nextCursor: null }),
      [`DELETE ${base}/notification-channels/${hook.id}`]: () => ({ ok: true }),
    });
    renderWithServices(<NotificationsPage />);
    const card = within(await screen.findByRole("article", { name: "Ops hook" }));
    await userEvent.click(card.getByRole("button", { name: "Delete" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    await userEvent.click(card.getByRole("button", { name: "Delete" }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
  });

  it("shows a site manager the channels read-only, in Korean too", async () => {
    stubFetch({
      [`GET ${base}/notification-channels`]: () => ({ channels: [hook] }),
      [`GET ${base}/notification-deliveries`]: () => ({ deliveries: [], nextCursor: null }),
    });
    renderWithServices(<NotificationsPage />, { role: "site_manager", locale: "ko" });
    const card = within(await screen.findByRole("article", { name: "Ops hook" }));
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("알림");
    expect(screen.getByText("관리자만 알림 채널을 바꿀 수 있습니다.")).toBeTruthy();
    expect(card.queryByRole("button")).toBeNull();
    expect(screen.queryByRole("button", { name: "채널 추가" })).toBeNull();
  });
});
