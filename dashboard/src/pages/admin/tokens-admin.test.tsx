import type { ApiToken } from "@sitewatch/hub/api-types";
import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch } from "../../testing/fake-services.js";
import { TokensAdmin } from "./tokens-admin.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const token = (name: string, patch: Partial<ApiToken> = {}): ApiToken => ({
  id: `tok-${name}`,
  name,
  scope: "admin",
  createdAt: "2026-11-01T00:00:00.000Z",
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
  ...patch,
});

describe("TokensAdmin", () => {
  it("creates a read token with an expiry, shows the secret once, and revokes a token", async () => {
    let tokens = [token("backup", { expiresAt: "2020-01-01T00:00:00.000Z" }), token("grafana")];
    const calls = stubFetch({
      "GET /api/v1/tokens": () => ({ tokens }),
      "POST /api/v1/tokens": (_u, init) => {
        const created = token("home-assistant", { scope: "read" });
        tokens = [...tokens, created];
        return { ...created, ...JSON.parse(String(init?.body)), token: "sw_secret_42" };
      },
      "DELETE /api/v1/tokens/tok-grafana": () => {
        tokens = tokens.map((t) =>
          t.name === "grafana" ? { ...t, revokedAt: new Date().toISOString() } : t,
        );
        return { ok: true };
      },
    });
    renderWithServices(<TokensAdmin />);
    const row = (name: string) => document.querySelector(`[data-api-token="${name}"]`) as HTMLElement;
    await screen.findByRole("rowheader", { name: "grafana" });
    expect(row("backup").dataset.state).toBe("expired");
    expect(row("grafana").dataset.state).toBe("active");

    await userEvent.type(screen.getByLabelText("Name"), "home-assistant");
    await userEvent.selectOptions(screen.getByLabelText("Expires"), "in 30 days");
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    const secret = await screen.findByRole("status");
    expect(secret.querySelector('[data-copy="api-token"]')?.textContent).toBe("sw_secret_42");
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      name: "home-assistant",
      scope: "read",
      expiresInDays: 30,
    });
    await screen.findByRole("rowheader", { name: "home-assistant" });
    expect(within(row("home-assistant")).getByText("read")).toBeTruthy();

    await userEvent.click(within(row("grafana")).getByRole("button", { name: "Revoke" }));
    await vi.waitFor(() => expect(row("grafana").dataset.state).toBe("revoked"));
    expect(within(row("grafana")).queryByRole("button", { name: "Revoke" })).toBeNull();
  });
});
