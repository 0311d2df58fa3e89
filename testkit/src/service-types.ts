import type { PGlite } from "@electric-sql/pglite";
import type { Aedes } from "aedes";
import type postgres from "postgres";

/** A result row keyed by column name; the same shape whichever database kind answered. */
export type Row = Record<string, unknown>;

/** What every throw-away service offers, so cleanup code and `useService` need not know which one it holds. */
export interface TestService {
  readonly kind: string;
  /** The version the running service reports, so test logs say what was really exercised. */
  readonly version: string;
  /** Idempotent: `afterAll`, `stopAll()` and the exit handler may all call it without tripping over each other. */
  stop(): Promise<void>;
}

interface DatabaseCommon extends TestService {
  /**
   * Runs one parameterised statement ($1, $2, ...) and returns its rows. Available on both kinds so a test
   * reads and writes the same way whether it got a real server or the PGlite fallback. Values follow the
   * `postgres` driver on both: int8 and numeric arrive as strings, timestamptz as Date, and json/jsonb
   * parameters are JSON-encoded for you (pass the object, not JSON text).
   */
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters, e.g. a migration file. */
  exec(script: string): Promise<void>;
}

export interface RealPostgres extends DatabaseCommon {
  readonly kind: "postgres";
  /** `postgres://postgres@127.0.0.1:<port>/<database>`; trust auth, so no password is needed. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** A `postgres` driver client on the test database; closed by `stop()`. */
  readonly sql: postgres.Sql;
  /** Temp dir holding the cluster, socket and log; gone after `stop()`. */
  readonly dir: string;
  /** The directory the initdb/pg_ctl/postgres binaries were taken from. */
  readonly binDir: string;
  /** Stops the server (pg_ctl -m immediate is a crash: no checkpoint, recovery at the next start). */
  halt(mode: "immediate" | "fast"): Promise<void>;
  /** Starts the stopped server again on the same port and data. */
  resume(): Promise<void>;
}

export interface PgliteDatabase extends DatabaseCommon {
  readonly kind: "pglite";
  readonly pglite: PGlite;
}

export type TestDatabase = RealPostgres | PgliteDatabase;

export interface TestBroker extends TestService {
  readonly kind: "mosquitto" | "aedes";
  /** `mqtt://127.0.0.1:<port>`, ready for `mqtt.connectAsync`. */
  readonly url: string;
  readonly port: number;
}

export interface MosquittoBroker extends TestBroker {
  readonly kind: "mosquitto";
  /** Temp dir holding the generated config; gone after `stop()`. */
  readonly dir: string;
  readonly configPath: string;
  /** Mosquitto's own log so far, for explaining a refused connection or a dropped message in a failing test. */
  output(): string;
}

export interface AedesBroker extends TestBroker {
  readonly kind: "aedes";
  /** The embedded broker, for tests that want to watch its events ('publish', 'clientReady', ...). */
  readonly broker: Aedes;
}
