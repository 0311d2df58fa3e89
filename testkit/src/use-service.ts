import { afterAll, beforeAll } from "vitest";
import type { TestService } from "./service-types.js";

/**
 * Starts a service in `beforeAll` and stops it in `afterAll` of the enclosing describe block (or file), and
 * hands back a getter for use inside tests:
 *
 * ```ts
 * const db = useService(() => startPostgres());
 * it("stores rows", async () => {
 *   await db().query("CREATE TABLE t (id int)");
 * });
 * ```
 *
 * A getter rather than the service itself because the service only exists once `beforeAll` has run, after
 * the test file's top level. `afterAll` runs even when tests or later hooks fail; the cleanup registry
 * covers the rest (crashes, Ctrl-C).
 */
export function useService<T extends TestService>(start: () => Promise<T>): () => T {
  let service: T | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      service = await start();
    } catch (error) {
      failure = error;
      throw error;
    }
  });
  afterAll(async () => {
    await service?.stop();
  });
  return () => {
    if (service !== undefined) return service;
    if (failure !== undefined) throw new Error("testkit: the service failed to start", { cause: failure });
    throw new Error(
      "testkit: service not started yet; call the getter inside a test or hook, not at the top level",
    );
  };
}
