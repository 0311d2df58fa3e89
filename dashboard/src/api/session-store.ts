import type { Session } from "@sitewatch/hub/api-types";
import type { SessionStore } from "./api-client.js";

const KEY = "sitewatch.session";

/**
 * Keeps the session in localStorage so a reload stays logged in; listeners hear every change (login,
 * refresh, logout, a refresh that failed), which is how the app falls back to the login page.
 */
export class LocalSessionStore implements SessionStore {
  private current: Session | undefined;
  private readonly listeners = new Set<(session: Session | undefined) => void>();

  constructor(private readonly storage: Storage | undefined = globalThis.localStorage) {
    try {
      const raw = this.storage?.getItem(KEY);
      this.current = raw ? (JSON.parse(raw) as Session) : undefined;
    } catch {
      this.current = undefined;
    }
  }

  get(): Session | undefined {
    return this.current;
  }

  set(session: Session | undefined): void {
    this.current = session;
    if (session) this.storage?.setItem(KEY, JSON.stringify(session));
    else this.storage?.removeItem(KEY);
    for (const listener of this.listeners) listener(session);
  }

  subscribe(listener: (session: Session | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
