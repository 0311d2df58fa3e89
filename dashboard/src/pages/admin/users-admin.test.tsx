import type { User } from "@sitewatch/hub/api-types";
import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch, testSite } from "../../testing/fake-services.js";
import { UsersAdmin } from "./users-admin.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const user = (email: string, patch: Partial<User> = {}): User => ({
  id: `id-${email.replace(/[@.]/g, "-")}`,
  email,
  displayName: email.split("@")[0] ?? email,
  role: "site_manager",
  sites: ["cafe"],
  disabled: false,
  mustChangePassword: false,
  createdAt: "2026-11-01T00:00:00.000Z",
  ...patch,
});

describe("UsersAdmin", () => {
  it("invites a site manager for chosen sites and shows the one-time password once", async () => {
    let users = [user("admin@example.com", { role: "admin", sites: [] })];
    const calls = stubFetch({
      "GET /api/v1/users": () => ({ users }),
      "GET /api/v1/sites": () => ({ sites: [testSite] }),
      "POST /api/v1/users": (_u, init) => {
        const created = {
          ...user("kim@example.com", { mustChangePassword: true }),
          ...JSON.parse(String(init?.body)),
        };
        users = [...users, created];
        return { ...created, oneTimePassword: "otp-7Hq2" };
      },
    });
    renderWithServices(<UsersAdmin />);
    const form = await screen.findByRole("form", { name: "Invite user" });
    await userEvent.type(within(form).getByLabelText("Email"), "kim@example.com");
    await userEvent.type(within(form).getByLabelText("Name"), "Kim");
    await userEvent.click(await within(form).findByRole("checkbox", { name: "Study Café" }));
    await userEvent.click(within(form).getByRole("button", { name: "Invite user" }));
    const secret = await screen.findByRole("status");
    expect(secret.querySelector('[data-copy="password"]')?.textContent).toBe("otp-7Hq2");
    expect(within(secret).getByRole("heading").textContent).toBe("kim@example.com is invited.");
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      email: "kim@example.com",
      role: "site_manager",
      sites: ["cafe"],
      displayName: "Kim",
    });
    const row = await screen.findByRole("row", { name: /kim@example.com/ });
    expect(row.querySelector('[data-col="state"]')?.textContent).toBe("active · must change password");
    // Dismissed, the password is gone from the page for good.
    await userEvent.click(within(secret).getByRole("button", { name: "Close" }));
    expect(screen.queryByText("otp-7Hq2")).toBeNull();
  });

  it("resets a password, disables a user and edits role and sites", async () => {
    let kim = user("kim@example.com");
    const calls = stubFetch({
      "GET /api/v1/users": () => ({ users: [kim] }),
      "GET /api/v1/sites": () => ({ sites: [testSite] }),
      "POST /api/v1/users/id-kim-example-com/reset-password": () => ({
        user: kim,
        oneTimePassword: "otp-new",
      }),
      "PATCH /api/v1/users/id-kim-example-com": (_u, init) => {
        kim = { ...kim, ...JSON.parse(String(init?.body)) };
        return kim;
      },
    });
    renderWithServices(<UsersAdmin />);
    const row = () => screen.getByRole("row", { name: /kim@example.com/ });
    await screen.findByRole("row", { name: /kim@example.com/ });
    await userEvent.click(within(row()).getByRole("button", { name: "Reset password" }));
    expect((await screen.findByRole("status")).querySelector('[data-copy="password"]')?.textContent).toBe(
      "otp-new",
    );
    await userEvent.click(within(row()).getByRole("button", { name: "Disable" }));
    await within(row()).findByRole("button", { name: "Enable" });
    expect(row().dataset.disabled).toBe("true");

    await userEvent.click(within(row()).getByRole("button", { name: "Edit" }));
    const edit = screen.getByRole("form", { name: "Edit: kim@example.com" });
    await userEvent.selectOptions(within(edit).getByLabelText("Role"), "admin");
    await userEvent.click(within(edit).getByRole("button", { name: "Save" }));
    await within(row()).findByText("Administrator");
    expect(within(row()).getByText("all sites")).toBeTruthy();
    expect(calls.filter((c) => c.method === "PATCH").map((c) => c.body)).toEqual([
      { disabled: true },
      { displayName: "kim", role: "admin", sites: [] },
    ]);
  });
});
