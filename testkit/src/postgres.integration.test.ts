import { existsSync } from "node:fs";
import postgres from "postgres";
import { afterEach, describe, expect, it, vi } from "vitest";
import { liveServices } from "./cleanup.js";
import { isPortOpen } from "./free-port.js";
import { startPostgres } from "./postgres.js";
import type { RealPostgres, TestDatabase } from "./service-types.js";
import { useService } from "./use-service.js";

describe("startPostgres: real server", () => {
  const db = useService(() => startPostgres());
  const real = (): RealPostgres => {
    const current = db();
    // The integration environment installs PostgreSQL; silently testing PGlite there would hide a broken setup.
    if (current.kind !== "postgres")
      throw new Error(`expected a real PostgreSQL server, got ${current.kind}`);
    return current;
  };

  it("is a real PostgreSQL server listening on 127.0.0.1", async () => {
    const pg = real();
    console.log(`testkit: PostgreSQL ${pg.version} at ${pg.host}:${pg.port} (binaries in ${pg.binDir})`);
    const [info] = await pg.query<{ version: string; addr: string; port: number; db: string; pid: number }>(
      "SELECT version(), host(inet_server_addr()) AS addr, inet_server_port() AS port, " +
        "current_database() AS db, pg_backend_pid() AS pid",
    );
    expect(info?.version).toMatch(/^PostgreSQL \d+/);
    expect(info?.version).not.toMatch(/emscripten|wasm/i);
    // Only a server reached over TCP knows its own address and port; PGlite has neither.
    expect(info?.addr).toBe("127.0.0.1");
    expect(info?.port).toBe(pg.port);
    expect(info?.db).toBe("sitewatch_test");
    // The backend serving us is an OS process on this machine.
    expect(existsSync(`/proc/${info?.pid}`)).toBe(true);
    expect(pg.version).toMatch(/^\d+(\.\d+)?/);
    expect(pg.url).toBe(`postgres://postgres@127.0.0.1:${pg.port}/sitewatch_test`);
  });

  it("creates a table, writes rows and reads them back", async () => {
    await writeAndReadBack(real());
    const [sum] = await real().sql<{ total: number }[]>`SELECT sum(people)::int AS total FROM readings`;
    expect(sum?.total).toBe(10);
  });

  it("lets a separate client reach the same data through the url", async () => {
    const pg = real();
    await pg.exec(
      "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('one'); INSERT INTO notes VALUES ('two');",
    );
    const other = postgres(pg.url, { max: 1 });
    try {
      const rows = await other<{ body: string }[]>`SELECT body FROM notes ORDER BY body`;
      expect(rows.map((row) => row.body)).toEqual(["one", "two"]);
    } finally {
      await other.end();
    }
  });

  it("rejects invalid SQL with the server's error", async () => {
    await expect(real().query("SELECT * FROM no_such_table")).rejects.toThrow(/no_such_table/);
  });
});

describe("startPostgres: lifecycle", () => {
  it("stop() shuts the server down, removes its temp dir, and is safe to call twice", async () => {
    const db = await startPostgres();
    if (db.kind !== "postgres") throw new Error(`expected a real PostgreSQL server, got ${db.kind}`);
    const dataDir = `${db.dir}/data`;
    expect(existsSync(`${dataDir}/postmaster.pid`)).toBe(true);
    expect(await isPortOpen(db.port)).toBe(true);
    expect(liveServices()).toContain(`postgres (${db.dir})`);

    await db.stop();
    expect(await isPortOpen(db.port)).toBe(false);
    expect(existsSync(db.dir)).toBe(false);
    expect(liveServices()).not.toContain(`postgres (${db.dir})`);
    await expect(db.stop()).resolves.toBeUndefined();
  });

  it("refuses a binDir without PostgreSQL binaries instead of silently falling back", async () => {
    await expect(startPostgres({ binDir: "/nonexistent/bin" })).rejects.toThrow(/not found in binDir/);
  });
});

describe("startPostgres: PGlite fallback", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("says so once and still stores and returns rows", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const db = await startPostgres({ forcePglite: true });
    try {
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/PGlite/);
      expect(db.kind).toBe("pglite");
      if (db.kind !== "pglite") return;
      console.log(`testkit: PGlite (PostgreSQL ${db.version}) in-memory`);
      expect(db.version).toMatch(/^\d+\.\d+/);

      await writeAndReadBack(db);
      const direct = await db.pglite.query<{ n: number }>("SELECT count(*)::int AS n FROM readings");
      expect(direct.rows[0]?.n).toBe(3);
    } finally {
      await db.stop();
    }
    expect(db.kind === "pglite" && db.pglite.closed).toBe(true);
    await expect(db.stop()).resolves.toBeUndefined();
  });
});

/**
 * One write/read scenario run against both kinds, so the fallback is held to exactly what the real server
 * returns through `query()`: jsonb from an object, int8 as a string, timestamptz as a Date.
 */
async function writeAndReadBack(db: TestDatabase): Promise<void> {
  await db.exec(
    "CREATE TABLE readings (id bigserial PRIMARY KEY, camera text NOT NULL, people int, meta jsonb, at timestamptz);" +
      "CREATE INDEX readings_camera ON readings (camera);",
  );
  const at = new Date("2024-05-01T12:00:00.123Z");
  await db.query(
    "INSERT INTO readings (camera, people, meta, at) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)",
    ["gate", 3, { zone: "north", tags: ["door"] }, at, "dock", 0, { zone: "south", tags: [] }, at],
  );
  const inserted = await db.query<{ id: string }>(
    "INSERT INTO readings (camera, people) VALUES ($1, $2) RETURNING id",
    ["yard", 7],
  );
  expect(inserted).toEqual([{ id: "3" }]);

  const rows = await db.query<{ id: string; camera: string; people: number; meta: unknown; at: Date | null }>(
    "SELECT id, camera, people, meta, at FROM readings ORDER BY id",
  );
  expect(rows).toEqual([
    { id: "1", camera: "gate", people: 3, meta: { zone: "north", tags: ["door"] }, at },
    { id: "2", camera: "dock", people: 0, meta: { zone: "south", tags: [] }, at },
    { id: "3", camera: "yard", people: 7, meta: null, at: null },
  ]);
  const [zone] = await db.query<{ zone: string }>(
    "SELECT meta->>'zone' AS zone FROM readings WHERE camera = $1",
    ["dock"],
  );
  expect(zone?.zone).toBe("south");
}
