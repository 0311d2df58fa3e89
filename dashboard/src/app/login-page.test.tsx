import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiClient } from "../api/api-client.js";
import { LocalSessionStore } from "../api/session-store.js";
import { LocaleProvider, preferredLocale } from "../i18n/locale.js";
import { LiveConnection } from "../live/live-connection.js";
import { ServicesProvider } from "./app-context.js";
import { LoginPage } from "./login-page.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderLogin(locale: "en" | "ko" = "en") {
  const sessions = new LocalSessionStore(undefined);
  const api = new ApiClient(sessions, "http://hub.test");
  const live = new LiveConnection({ token: () => undefined, url: "http://hub.test" });
  render(
    <LocaleProvider initial={locale}>
      <ServicesProvider services={{ api, sessions, live }}>
        <LoginPage />
      </ServicesProvider>
    </LocaleProvider>,
  );
  return { sessions };
}

describe("preferredLocale", () => {
  it("picks Korean when the browser prefers it, unless the user chose otherwise", () => {
    expect(preferredLocale(null, ["ko-KR", "en-US"])).toBe("ko");
    expect(preferredLocale(null, ["de-DE", "en-GB"])).toBe("en");
    expect(preferredLocale("en", ["ko-KR"])).toBe("en");
    expect(preferredLocale(null, [])).toBe("en");
  });
});

describe("LoginPage", () => {
  it("shows the hub's error message when sign-in fails", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        Response.json(
          { error: { code: "UNAUTHENTICATED", message: "wrong email or password", requestId: "r1" } },
          { status: 401 },
        ),
      ),
    );
    const { sessions } = renderLogin();
    await userEvent.type(screen.getByLabelText("Email"), "ops@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "nope");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toContain("wrong email or password");
    expect(sessions.get()).toBeUndefined();
  });

  it("is labelled in Korean for Korean users", () => {
    renderLogin("ko");
    expect(screen.getByLabelText("이메일")).toBeDefined();
    expect(screen.getByRole("button", { name: "로그인" })).toBeDefined();
  });
});
