import type { Session } from "@sitewatch/hub/api-types";
import { describe, expect, it } from "vitest";
import { LocalSessionStore } from "./session-store.js";

/** A Storage of its own per test, so tests do not share happy-dom's localStorage. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

const session = { accessToken: "a", refreshToken: "r", user: { id: "u" } } as unknown as Session;

describe("LocalSessionStore", () => {
  it("survives a reload: a new store on the same storage has the session", () => {
    const storage = memoryStorage();
    new LocalSessionStore(storage).set(session);
    expect(new LocalSessionStore(storage).get()).toEqual(session);
  });

  it("forgets the session on logout, also for the next load", () => {
    const storage = memoryStorage();
    const store = new LocalSessionStore(storage);
    store.set(session);
    store.set(undefined);
    expect(store.get()).toBeUndefined();
    expect(storage.length).toBe(0);
    expect(new LocalSessionStore(storage).get()).toBeUndefined();
  });

  it("treats a corrupt stored value as logged out instead of crashing the app", () => {
    const storage = memoryStorage();
    storage.setItem("sitewatch.session", "{not json");
    expect(new LocalSessionStore(storage).get()).toBeUndefined();
  });

  it("works without storage (private mode), in memory only", () => {
    const store = new LocalSessionStore(undefined);
    store.set(session);
    expect(store.get()).toEqual(session);
  });

  it("tells every listener about each change until it unsubscribes", () => {
    const store = new LocalSessionStore(memoryStorage());
    const heard: (Session | undefined)[] = [];
    const other: (Session | undefined)[] = [];
    const stop = store.subscribe((s) => heard.push(s));
    store.subscribe((s) => other.push(s));
    store.set(session);
    stop();
    store.set(undefined);
    expect(heard).toEqual([session]);
    expect(other).toEqual([session, undefined]);
  });
});
