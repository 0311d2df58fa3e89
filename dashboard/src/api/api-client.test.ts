import type { Session } from "@sitewatch/hub/api-types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiClient, ApiRequestError, type SessionStore } from "./api-client.js";

interface Call {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body?: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const expired = () => json(401, { error: { code: "UNAUTHENTICATED", message: "token expired" } });

/** Stands in for the hub: records every request and answers through `handler`. */
function fakeHub(handler: Handler) {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    const call: Call = {
      method: init.method ?? "GET",
      url,
      authorization: headers.authorization,
      contentType: headers["content-type"],
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    return handler(call);
  });
  return calls;
}

function session(n: number): Session {
  return {
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    accessExpiresAt: "2030-01-01T00:00:00.000Z",
    user: { id: "u1", email: "a@example.com", role: "admin", sites: [], displayName: "A" },
  } as unknown as Session;
}

function memoryStore(initial?: Session): SessionStore & { history: (Session | undefined)[] } {
  let current = initial;
  const history: (Session | undefined)[] = [];
  return {
    history,
    get: () => current,
    set: (next) => {
      current = next;
      history.push(next);
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("ApiClient", () => {
  it("attaches the access token and builds the query, leaving out empty values", async () => {
    const calls = fakeHub(() => json(200, { ok: true }));
    const api = new ApiClient(memoryStore(session(1)), "http://hub.test");
    expect(await api.get("/api/v1/x", { from: "2026-01-01", container: "", page: undefined, n: 5 })).toEqual({
      ok: true,
    });
    expect(calls).toEqual([
      {
        method: "GET",
        url: "http://hub.test/api/v1/x?from=2026-01-01&n=5",
        authorization: "Bearer access-1",
        contentType: undefined,
        body: undefined,
      },
    ]);
    await api.patch("/api/v1/y", { name: "1A" });
    expect(calls[1]).toMatchObject({
      method: "PATCH",
      contentType: "application/json",
      body: { name: "1A" },
    });
  });

  it("refreshes once on 401 and retries the request with the new token", async () => {
    const store = memoryStore(session(1));
    const calls = fakeHub((c) => {
      if (c.url.endsWith("/auth/refresh")) return json(200, session(2));
      return c.authorization === "Bearer access-2" ? json(200, { seats: [] }) : expired();
    });
    const api = new ApiClient(store, "");
    expect(await api.get("/api/v1/seats")).toEqual({ seats: [] });
    expect(calls.map((c) => `${c.method} ${c.url} ${c.authorization ?? "-"}`)).toEqual([
      "GET /api/v1/seats Bearer access-1",
      "POST /api/v1/auth/refresh -",
      "GET /api/v1/seats Bearer access-2",
    ]);
    expect(calls[1]?.body).toEqual({ refreshToken: "refresh-1" });
    expect(store.get()?.accessToken).toBe("access-2");
  });

  it("does not loop when the retried request is refused again, and logs out", async () => {
    const store = memoryStore(session(1));
    const calls = fakeHub((c) => (c.url.endsWith("/auth/refresh") ? json(200, session(2)) : expired()));
    const api = new ApiClient(store, "");
    const error = await api.get("/api/v1/seats").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 401, code: "UNAUTHENTICATED", message: "token expired" });
    expect(calls).toHaveLength(3);
    expect(store.get()).toBeUndefined();
  });

  it("logs out when the refresh token is refused", async () => {
    const store = memoryStore(session(1));
    const calls = fakeHub(() => expired());
    const api = new ApiClient(store, "");
    await expect(api.get("/api/v1/seats")).rejects.toMatchObject({ status: 401 });
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/seats", "/api/v1/auth/refresh"]);
    expect(store.get()).toBeUndefined();
  });

  it("lets parallel requests that got 401 share one refresh", async () => {
    const store = memoryStore(session(1));
    let release: () => void = () => {};
    const refreshed = new Promise<void>((r) => {
      release = r;
    });
    const calls = fakeHub(async (c) => {
      if (c.url.endsWith("/auth/refresh")) {
        await refreshed;
        return json(200, session(2));
      }
      return c.authorization === "Bearer access-2" ? json(200, { url: c.url }) : expired();
    });
    const api = new ApiClient(store, "");
    const pending = ["/a", "/b", "/c"].map((p) => api.get<{ url: string }>(p));
    // Let all three reach their 401 before the refresh answers.
    await vi.waitFor(() =>
      expect(calls.filter((c) => c.authorization === "Bearer access-1")).toHaveLength(3),
    );
    release();
    expect(await Promise.all(pending)).toEqual([{ url: "/a" }, { url: "/b" }, { url: "/c" }]);
    expect(calls.filter((c) => c.url.endsWith("/auth/refresh"))).toHaveLength(1);
    expect(store.history).toEqual([session(2)]);
  });

  it("turns the hub's error body into an ApiRequestError", async () => {
    fakeHub(() =>
      json(400, {
        error: { code: "INVALID_POLYGON", message: "edges cross", requestId: "r1", details: { point: 2 } },
      }),
    );
    const api = new ApiClient(memoryStore(session(1)), "");
    const error = await api.post("/api/v1/sites/s/seats", { id: "1A" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({
      status: 400,
      code: "INVALID_POLYGON",
      message: "edges cross",
      details: { point: 2 },
    });
  });

  it("names the request when the error has no JSON body", async () => {
    fakeHub(() => new Response("<html>bad gateway</html>", { status: 502 }));
    const api = new ApiClient(memoryStore(session(1)), "");
    await expect(api.delete("/api/v1/x")).rejects.toMatchObject({
      status: 502,
      code: "INTERNAL",
      message: "DELETE /api/v1/x: HTTP 502",
    });
  });

  it("reports an unreachable hub as NETWORK", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    const api = new ApiClient(memoryStore(session(1)), "");
    const error = await api.get("/api/v1/x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 0, code: "NETWORK" });
    expect((error as Error).message).toContain("fetch failed");
  });

  it("logs in without a token and stores the session; logs out by revoking the refresh token", async () => {
    const store = memoryStore();
    const calls = fakeHub((c) =>
      c.url.endsWith("/login") ? json(200, session(1)) : new Response(null, { status: 204 }),
    );
    const api = new ApiClient(store, "");
    await api.login("a@example.com", "pw-123456");
    expect(calls[0]).toMatchObject({
      authorization: undefined,
      body: { email: "a@example.com", password: "pw-123456" },
    });
    expect(store.get()?.accessToken).toBe("access-1");
    await api.logout();
    expect(store.get()).toBeUndefined();
    expect(calls[1]).toMatchObject({ url: "/api/v1/auth/logout", body: { refreshToken: "refresh-1" } });
  });
});
