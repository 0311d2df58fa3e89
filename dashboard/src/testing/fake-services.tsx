import type { Site } from "@sitewatch/hub/api-types";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { vi } from "vitest";
import { ApiClient } from "../api/api-client.js";
import { LocalSessionStore } from "../api/session-store.js";
import { ServicesProvider, SiteProvider } from "../app/app-context.js";
import { LocaleProvider } from "../i18n/locale.js";
import type { LiveConnection } from "../live/live-connection.js";

// biome-ignore lint/suspicious/noExplicitAny: listeners of any event, as on a real socket.
type Handler = (...args: any[]) => void;

/**
 * Stands in for the Socket.IO client in component tests: `serverEmit` delivers an event as the hub
 * would, `acks` answers `emitWithAck` requests and records them.
 */
export class FakeSocket {
  connected = true;
  readonly handlers = new Map<string, Set<Handler>>();
  readonly requests: { event: string; payload: unknown }[] = [];
  ack: (event: string, payload: unknown) => unknown = () => ({ ok: true, data: undefined });

  on(event: string, handler: Handler): this {
    const set = this.handlers.get(event) ?? new Set<Handler>();
    this.handlers.set(event, set);
    set.add(handler);
    return this;
  }
  off(event: string, handler?: Handler): this {
    if (handler) this.handlers.get(event)?.delete(handler);
    else this.handlers.delete(event);
    return this;
  }
  timeout(_ms: number): this {
    return this;
  }
  async emitWithAck(event: string, payload: unknown): Promise<unknown> {
    this.requests.push({ event, payload });
    return this.ack(event, payload);
  }
  emit(event: string, payload: unknown): this {
    this.requests.push({ event, payload });
    return this;
  }
  serverEmit(event: string, payload: unknown): void {
    for (const h of [...(this.handlers.get(event) ?? [])]) h(payload);
  }
  listenerCount(event: string): number {
    return this.handlers.get(event)?.size ?? 0;
  }
}

export type Route = (url: URL, init: RequestInit | undefined) => unknown;

/** Answers `fetch` from `routes` (first match by "METHOD /path"); anything else is a 404. */
export function stubFetch(routes: Record<string, Route>) {
  const calls: { method: string; url: URL; body?: unknown }[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), "http://hub.test");
    const method = init?.method ?? "GET";
    calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const route = routes[`${method} ${url.pathname}`];
    if (!route)
      return Response.json({ error: { code: "NOT_FOUND", message: url.pathname } }, { status: 404 });
    return Response.json(route(url, init), { status: method === "POST" ? 201 : 200 });
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

export const testSite: Site = {
  id: "cafe",
  name: "Study Café",
  timezone: "Asia/Seoul",
  alertHeldMinutes: 30,
  alertVacantHours: 4,
  createdAt: "2026-01-01T00:00:00.000Z",
};

/** Renders `ui` with real REST client and locale, a fake live connection, and `testSite` selected. */
export function renderWithServices(
  ui: ReactNode,
  options: { locale?: "en" | "ko"; role?: "admin" | "site_manager" } = {},
) {
  const sessions = new LocalSessionStore(undefined);
  sessions.set({
    accessToken: "a",
    refreshToken: "r",
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    user: {
      id: "u1",
      email: "ops@example.com",
      displayName: "Ops",
      role: options.role ?? "admin",
      sites: ["cafe"],
    },
  } as never);
  const api = new ApiClient(sessions, "http://hub.test");
  const socket = new FakeSocket();
  const live = {
    socket,
    state: { state: "online", since: 0 },
    onResync: () => () => undefined,
    onState: () => () => undefined,
  } as unknown as LiveConnection;
  const result = render(
    <LocaleProvider initial={options.locale ?? "en"}>
      <ServicesProvider services={{ api, sessions, live }}>
        <SiteProvider value={{ site: testSite, sites: [testSite] }}>{ui}</SiteProvider>
      </ServicesProvider>
    </LocaleProvider>,
  );
  return { ...result, socket, api };
}

/** The hub's error vocabulary as a response: `{error: {code, message, requestId}}` with `status`. */
export function hubError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message, requestId: "req-test" } }, { status });
}

export type ReplyRoute = (url: URL, init: RequestInit | undefined) => unknown;

/**
 * Like `stubFetch`, but a route may answer later (a promise: a request still in flight) and with its
 * own `Response` (an error status, a binary body); any other value is sent as JSON with 200. Each call
 * is recorded with its headers, so a test can see what was sent with it.
 */
export function stubFetchReplies(routes: Record<string, ReplyRoute>) {
  const calls: { method: string; url: URL; headers: Headers }[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), "http://hub.test");
    const method = init?.method ?? "GET";
    calls.push({ method, url, headers: new Headers(init?.headers) });
    const route = routes[`${method} ${url.pathname}`];
    if (!route) return hubError(404, "NOT_FOUND", url.pathname);
    const answer = await route(url, init);
    return answer instanceof Response ? answer : Response.json(answer);
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}
