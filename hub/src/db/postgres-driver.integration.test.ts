import { type RealPostgres, startPostgres } from "@sitewatch/testkit";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The hub's `postgres` driver carries patches/postgres+3.4.9.patch (applied by `npm install`). Without
// it, a query on a connection whose backend was just killed throws from a timer and ends the process;
// vitest reports such an uncaught error as a failure of this file.
let pg: RealPostgres;
let sql: postgres.Sql;
let killer: postgres.Sql;

beforeAll(async () => {
  const started = await startPostgres();
  if (started.kind !== "postgres") throw new Error("this test needs a real PostgreSQL server");
  pg = started;
  sql = postgres(pg.url, { max: 2, onnotice: () => {} });
  killer = postgres(pg.url, { max: 1 });
}, 60_000);

afterAll(async () => {
  await Promise.all([sql?.end({ timeout: 1 }), killer?.end({ timeout: 1 })]);
  await pg?.stop();
});

describe("postgres driver when the server drops a connection", () => {
  it("rejects queries on a reserved connection whose backend died, instead of crashing", {
    timeout: 20_000,
  }, async () => {
    const reserved = await sql.reserve();
    const [row] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
    await killer`select pg_terminate_backend(${row?.pid ?? 0})`;
    await expect(reserved`select 1`).rejects.toMatchObject({ code: expect.any(String) });
    await expect(reserved`select 1`).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    // The pool itself is still usable. (Releasing the dead reserved connection can still stall the next
    // pooled query in 3.4.9; the hub reserves a connection only for the migration lock at start-up.)
    const [one] = await sql<{ one: number }[]>`select 1 as one`;
    expect(one?.one).toBe(1);
  });
});
