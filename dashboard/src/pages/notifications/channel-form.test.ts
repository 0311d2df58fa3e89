import type { NotificationChannel } from "@sitewatch/hub/api-types";
import { describe, expect, it } from "vitest";
import { createBody, emptyForm, formOf, patchBody } from "./channel-form.js";

const email: NotificationChannel = {
  id: "c1",
  site: "cafe",
  kind: "email",
  name: "Ops mail",
  config: {
    host: "smtp.example.com",
    port: 465,
    security: "tls",
    user: "alerts",
    from: "hub@example.com",
    to: ["a@example.com", "b@example.com"],
  },
  hasSecret: true,
  enabled: false,
  alertKinds: ["device-offline"],
  events: ["raised"],
  quietHours: null,
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
};

describe("channel form", () => {
  it("round-trips an e-mail channel and keeps the stored password when left empty", () => {
    const form = formOf(email);
    expect(form).toMatchObject({ to: "a@example.com, b@example.com", allKinds: false, quiet: false });
    expect(patchBody(form)).toEqual({
      name: "Ops mail",
      enabled: false,
      config: email.config,
      alertKinds: ["device-offline"],
      events: ["raised"],
      quietHours: null,
    });
    expect(patchBody({ ...form, secret: "new-pass" })).toMatchObject({ secret: "new-pass" });
  });

  it("sends ntfy priority and tags only when set, and never a secret for a webhook", () => {
    const ntfy = {
      ...emptyForm(),
      kind: "ntfy" as const,
      name: "p",
      url: " https://ntfy.sh/t ",
      secret: "tk",
    };
    expect(createBody(ntfy)).toMatchObject({ config: { url: "https://ntfy.sh/t" }, secret: "tk" });
    expect(createBody({ ...ntfy, priority: "4", tags: "a, b,," }).config).toEqual({
      url: "https://ntfy.sh/t",
      priority: 4,
      tags: ["a", "b"],
    });
    expect(createBody({ ...ntfy, kind: "webhook" })).not.toHaveProperty("secret");
  });
});
