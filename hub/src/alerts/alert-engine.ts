import type { Database } from "../db/client.js";
import { notFound } from "../errors/api-error.js";
import type { DomainEventPublisher, DomainEventSource } from "../events/domain-events.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import { AlertFacts, type SubjectRef } from "./alert-facts.js";
import { type AnyAlertFamily, checkAlertFamilies, episodicKinds } from "./alert-family.js";
import { observeDeviceEvents } from "./alert-observations.js";
import { type Condition, type OpenAlert, reconcile } from "./alert-rules.js";
import {
  type AlertRow,
  acknowledgeAlert,
  findAlert,
  findOpenAlert,
  insertAlert,
  loadFacts,
  loadOpenAlerts,
  resolveAlert,
  toHubAlert,
} from "./alert-store.js";

export interface AlertEngineDeps {
  database: Database;
  /**
   * The domain event bus: from start() to stop() the engine reads accepted device messages from it, and
   * it emits alertRaised / alertAcknowledged / alertResolved there.
   */
  events: DomainEventPublisher & DomainEventSource;
  logger: Logger;
  /**
   * The alert families the registered roles contribute (`roleAlertFamilies()`); every protocol alert
   * kind must be raised by exactly one of them, or construction fails.
   */
  families: readonly AnyAlertFamily[];
  metrics?: Metrics;
  now?: () => number;
  /** How often time-based rules are checked and the database state merged in; 30 s by default. */
  tickMs?: number;
}

export interface AlertEngine {
  /** Subscribes to device events, then loads the stored state and applies every rule. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Reloads the database state and applies every rule now; the timer calls it every tickMs. */
  tick(): Promise<void>;
  /**
   * Records who acknowledged an alert of the site and pushes it again as `alert:raised` with
   * acknowledgedAt/By. The alert stays open until its condition ends. NOT_FOUND for ids of other sites.
   */
  acknowledge(site: string, id: string, by: string): Promise<AlertRow>;
  /** The site an alert belongs to, for callers that only know its id (Socket.IO). */
  siteOf(id: string): Promise<string | undefined>;
  /** Resolves when the work queued so far is done. */
  idle(): Promise<void>;
}

export const DEFAULT_ALERT_TICK_MS = 30_000;

/**
 * Raises and resolves alerts. Decisions are made in memory (alert-facts, alert-rules) from what the
 * families observe and load; each raise or resolve is one database statement guarded by the open-alert
 * unique index, so neither a restart nor a second hub instance raises the same open condition twice.
 * All database work runs one job at a time, so a resolve and an acknowledgement of the same alert
 * reach dashboards in order.
 */
export function createAlertEngine(deps: AlertEngineDeps): AlertEngine {
  const { database, events, metrics, families } = deps;
  checkAlertFamilies(families);
  const episodic = episodicKinds(families);
  const db = database.db;
  const log = deps.logger.child({ component: "alerts" });
  const now = deps.now ?? Date.now;
  const tickMs = deps.tickMs ?? DEFAULT_ALERT_TICK_MS;
  const facts = new AlertFacts(families);
  const dirty = new Map<string, SubjectRef>();
  let chain: Promise<unknown> = Promise.resolve();
  let draining = false;
  let ticking: Promise<void> | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  function run<T>(job: () => Promise<T>): Promise<T> {
    const result = chain.then(job);
    chain = result.catch(() => undefined);
    return result;
  }

  const count = (kind: string, event: "raised" | "resolved" | "acknowledged") =>
    metrics?.alerts.inc({ kind, event });

  async function apply(raise: Condition[], resolve: OpenAlert[], at: number): Promise<void> {
    for (const open of resolve) {
      const row = await resolveAlert(db, open.id, at);
      facts.dropOpen(open);
      if (!row) continue;
      events.emit("alertResolved", toHubAlert(row));
      count(row.kind, "resolved");
      log.info({ site: row.siteId, kind: row.kind, subject: row.subject, id: row.id }, "alert resolved");
    }
    for (const condition of raise) {
      const row = await insertAlert(db, condition, at);
      if (!row) {
        // Already open (another instance, or a tick raced this): adopt it without announcing it again.
        const existing = await findOpenAlert(db, condition);
        if (existing) facts.setOpen(toHubAlert(existing));
        continue;
      }
      const alert = toHubAlert(row);
      facts.setOpen(alert);
      events.emit("alertRaised", alert);
      count(row.kind, "raised");
      log.info({ site: row.siteId, kind: row.kind, subject: row.subject, id: row.id }, "alert raised");
    }
  }

  const failed = (err: unknown, what: string) => {
    metrics?.dbErrors.inc({ operation: "alerts" });
    log.error({ err }, `${what} failed; retried on the next tick`);
  };

  async function drain(): Promise<void> {
    draining = false;
    const refs = [...dirty.values()];
    dirty.clear();
    for (const ref of refs) {
      const at = now();
      const { raise, resolve } = reconcile(facts.conditionsFor(ref, at), facts.openFor(ref), episodic);
      await apply(raise, resolve, at);
    }
  }

  /** Called for every accepted message, so the common case (nothing to do) touches no database. */
  function consider(ref: SubjectRef): void {
    const at = now();
    const conditions = facts.conditionsFor(ref, at);
    const open = facts.openFor(ref);
    if (conditions.length === 0 && open.length === 0) return;
    const { raise, resolve } = reconcile(conditions, open, episodic);
    if (raise.length === 0 && resolve.length === 0) return;
    dirty.set(`${ref.site}|${ref.family}|${ref.subject}`, ref);
    if (draining) return;
    draining = true;
    run(drain).catch((err: unknown) => failed(err, "alert update"));
  }

  async function refresh(): Promise<void> {
    const [stored, open] = await Promise.all([loadFacts(db, families), loadOpenAlerts(db)]);
    facts.merge(stored, open.map(toHubAlert));
    const at = now();
    const { raise, resolve } = reconcile(facts.allConditions(at), facts.allOpen(), episodic);
    await apply(raise, resolve, at);
  }

  function tick(): Promise<void> {
    if (stopped) return Promise.resolve();
    ticking ??= run(refresh)
      .catch((err: unknown) => failed(err, "alert tick"))
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  }

  return {
    async start() {
      // A listener that throws is logged and counted by the bus; ingest and the other listeners go on.
      unsubscribe = observeDeviceEvents(events, facts, now, consider);
      await tick();
      timer = setInterval(() => void tick(), tickMs);
      timer.unref();
      log.info({ open: facts.allOpen().length, tickMs }, "alert engine started");
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      if (timer) clearInterval(timer);
      await chain;
    },
    tick,
    acknowledge(site, id, by) {
      return run(async () => {
        const result = await acknowledgeAlert(db, site, id, by, now());
        if (!result) throw notFound(`alert ${id}`);
        const { row, changed } = result;
        if (changed) {
          count(row.kind, "acknowledged");
          log.info({ site, id, by }, "alert acknowledged");
          if (row.resolvedAt === null) {
            const alert = toHubAlert(row);
            facts.setOpen(alert);
            events.emit("alertAcknowledged", alert);
          }
        }
        return row;
      });
    },
    async siteOf(id) {
      return (await findAlert(db, id))?.siteId;
    },
    idle: () => chain.then(() => undefined),
  };
}
