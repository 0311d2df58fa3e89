/** A thin REST client for provisioning: JSON in, JSON out, any unexpected status is an error. */
export class HubApi {
  private token: string | undefined;

  constructor(readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<boolean> {
    const res = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (res.status === 401) return false;
    const body = (await this.read(res, "POST /api/v1/auth/login")) as { accessToken: string };
    this.token = body.accessToken;
    return true;
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>("GET", path);
  }

  /** GET that answers undefined for 404, so "create if missing" reads naturally. */
  async find<T>(path: string): Promise<T | undefined> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: this.headers() });
    if (res.status === 404) return undefined;
    return (await this.read(res, `GET ${path}`)) as T;
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>("POST", path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: this.headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await this.read(res, `${method} ${path}`)) as T;
  }

  private headers(json = false): Record<string, string> {
    return {
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      ...(json ? { "content-type": "application/json" } : {}),
    };
  }

  private async read(res: Response, what: string): Promise<unknown> {
    const text = await res.text();
    if (!res.ok) throw new Error(`${what} answered ${res.status}: ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  }
}

/** Polls /readyz until the hub answers 200, or throws after timeoutMs. */
export async function waitForReady(baseUrl: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error("the hub exited while starting");
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the hub was not ready within ${timeoutMs / 1000} s`);
}
