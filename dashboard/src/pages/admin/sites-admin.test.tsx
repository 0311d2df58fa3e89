import type { Site } from "@sitewatch/hub/api-types";
import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch, testSite } from "../../testing/fake-services.js";
import { slugOf } from "./site-create-form.js";
import { SitesAdmin } from "./sites-admin.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const bakery: Site = { ...testSite, id: "bakery", name: "Bakery", timezone: "Europe/Berlin" };

describe("SitesAdmin", () => {
  it("creates a site with an id suggested from its name and the chosen time zone", async () => {
    let list = [testSite];
    const calls = stubFetch({
      "GET /api/v1/sites": () => ({ sites: list }),
      "POST /api/v1/sites": (_u, init) => {
        const body = JSON.parse(String(init?.body));
        const site = { ...testSite, ...body };
        list = [...list, site];
        return site;
      },
    });
    const changed = vi.fn();
    renderWithServices(<SitesAdmin onSitesChanged={changed} />);
    expect((await screen.findByRole("rowheader", { name: "cafe" })).textContent).toBe("cafe");
    const form = screen.getByRole("form", { name: "Create site" });
    await userEvent.type(within(form).getByLabelText("Name"), "Gangnam Branch 2");
    expect((within(form).getByLabelText(/^Site ID/) as HTMLInputElement).value).toBe("gangnam-branch-2");
    await userEvent.selectOptions(within(form).getByLabelText("Time zone"), "Asia/Tokyo");
    await userEvent.click(within(form).getByRole("button", { name: "Create site" }));
    await screen.findByRole("rowheader", { name: "gangnam-branch-2" });
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      id: "gangnam-branch-2",
      name: "Gangnam Branch 2",
      timezone: "Asia/Tokyo",
    });
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it("saves a site's name, time zone and alert thresholds", async () => {
    const calls = stubFetch({
      "GET /api/v1/sites": () => ({ sites: [testSite] }),
      "PATCH /api/v1/sites/cafe": (_u, init) => ({ ...testSite, ...JSON.parse(String(init?.body)) }),
    });
    renderWithServices(<SitesAdmin onSitesChanged={() => undefined} />);
    await userEvent.click(await screen.findByRole("button", { name: "Edit" }));
    const form = within(document.querySelector('[data-site-form="cafe"]') as HTMLElement);
    const held = form.getByLabelText("Seat-held alert after (minutes)");
    await userEvent.clear(held);
    await userEvent.type(held, "45");
    await userEvent.clear(form.getByLabelText("Name"));
    await userEvent.type(form.getByLabelText("Name"), "Study Café Gangnam");
    await userEvent.click(form.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("status")).textContent).toBe("Saved");
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({
      name: "Study Café Gangnam",
      timezone: "Asia/Seoul",
      alertHeldMinutes: 45,
      alertVacantHours: 4,
    });
  });

  it("deletes a site only after its id is typed", async () => {
    let list = [testSite, bakery];
    const calls = stubFetch({
      "GET /api/v1/sites": () => ({ sites: list }),
      "DELETE /api/v1/sites/bakery": () => {
        list = [testSite];
        return { ok: true };
      },
    });
    renderWithServices(<SitesAdmin onSitesChanged={() => undefined} />);
    const row = await screen.findByRole("row", { name: /bakery/ });
    await userEvent.click(within(row).getByRole("button", { name: "Delete" }));
    const confirm = screen.getByRole("button", { name: "Delete for good" }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await userEvent.type(screen.getByLabelText("Type bakery to confirm"), "Bakery");
    expect(confirm.disabled).toBe(true);
    await userEvent.clear(screen.getByLabelText("Type bakery to confirm"));
    await userEvent.type(screen.getByLabelText("Type bakery to confirm"), "bakery");
    await userEvent.click(confirm);
    expect((await screen.findByRole("status")).textContent).toBe("Site Bakery deleted.");
    expect(screen.queryByRole("rowheader", { name: "bakery" })).toBeNull();
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.url.pathname)).toEqual([
      "/api/v1/sites/bakery",
    ]);
  });

  it("turns names into ids the hub accepts", () => {
    expect(slugOf("  Study Café — Gangnam!  ")).toBe("study-caf-gangnam");
    expect(slugOf("___x")).toBe("x");
  });
});
