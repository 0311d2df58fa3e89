import type { Session } from "@sitewatch/hub/api-types";
import type { ErrorCode } from "@sitewatch/shared-protocol";

/** A REST error as the hub reports it: `{error: {code, message, requestId, details?}}`. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "NETWORK",
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface SessionStore {
  get(): Session | undefined;
  set(session: Session | undefined): void;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * The one way the dashboard talks REST: JSON in and out, the access token attached, one refresh with
 * the refresh token when the hub says the access token expired, and the hub's error body turned into
 * an ApiRequestError the pages can show. Types come from `@sitewatch/hub/api-types`.
 */
export class ApiClient {
  private refreshing: Promise<boolean> | undefined;

  constructor(
    private readonly session: SessionStore,
    private readonly base = "",
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>("GET", withQuery(path, query));
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("POST", path, body ?? {});
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PATCH", path, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PUT", path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>("DELETE", path);
  }

  /** Binary responses (snapshot JPEGs) as a Blob; `<img>` cannot send the Authorization header. */
  async blob(path: string): Promise<Blob> {
    return (await this.blobWithHeaders(path)).blob;
  }

  /** The body and the response headers (a snapshot's capture time travels in `x-captured-at`). */
  async blobWithHeaders(path: string): Promise<{ blob: Blob; headers: Headers }> {
    const res = await this.send("GET", path, undefined, true);
    return { blob: await res.blob(), headers: res.headers };
  }

  async login(email: string, password: string): Promise<Session> {
    const session = await this.request<Session>("POST", "/api/v1/auth/login", { email, password }, false);
    this.session.set(session);
    return session;
  }

  async logout(): Promise<void> {
    const current = this.session.get();
    this.session.set(undefined);
    if (current)
      await this.request("POST", "/api/v1/auth/logout", { refreshToken: current.refreshToken }, false).catch(
        () => undefined,
      );
  }

  private async request<T>(method: string, path: string, body?: unknown, auth = true): Promise<T> {
    const res = await this.send(method, path, body, auth);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  private async send(method: string, path: string, body: unknown, auth: boolean): Promise<Response> {
    let res = await this.fetchOnce(method, path, body, auth);
    if (res.status === 401 && auth && (await this.refresh()))
      res = await this.fetchOnce(method, path, body, auth);
    if (res.ok) return res;
    const parsed = (await res.json().catch(() => undefined)) as
      | { error?: { code?: ErrorCode; message?: string; details?: unknown } }
      | undefined;
    if (res.status === 401 && auth) this.session.set(undefined);
    throw new ApiRequestError(
      res.status,
      parsed?.error?.code ?? "INTERNAL",
      parsed?.error?.message ?? `${method} ${path}: HTTP ${res.status}`,
      parsed?.error?.details,
    );
  }

  private async fetchOnce(method: string, path: string, body: unknown, auth: boolean): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    const token = this.session.get()?.accessToken;
    if (auth && token) headers.authorization = `Bearer ${token}`;
    try {
      return await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiRequestError(0, "NETWORK", `the hub cannot be reached (${(err as Error).message})`);
    }
  }

  /** One refresh at a time: parallel requests that all got 401 wait for the same new token. */
  private refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const current = this.session.get();
      if (!current) return false;
      try {
        const next = await this.request<Session>(
          "POST",
          "/api/v1/auth/refresh",
          { refreshToken: current.refreshToken },
          false,
        );
        this.session.set(next);
        return true;
      } catch {
        this.session.set(undefined);
        return false;
      }
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
