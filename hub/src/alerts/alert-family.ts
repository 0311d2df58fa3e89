import { type AlertKind, alertKindSchema } from "@sitewatch/shared-protocol";
import type { Db } from "../db/client.js";
import type { DeviceEvent, DeviceEventKind } from "../events/domain-events.js";
import type { Condition } from "./alert-rules.js";

/** A site's alert settings (columns of `sites`), loaded once per site and handed to every family. */
export interface AlertSettings {
  heldMinutes: number;
  vacantHours: number;
}

/** For sites observed before the first database read. */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = { heldMinutes: 30, vacantHours: 4 };

/** A change a device event brings to one subject of a family. */
export interface SubjectUpdate<Update> {
  site: string;
  subject: string;
  update: Update;
}

/** Per device event kind, the updates it brings; kinds a family leaves out do not concern it. */
export type AlertObservers<Update> = {
  readonly [K in DeviceEventKind]?: (event: DeviceEvent<K>, now: number) => SubjectUpdate<Update>[];
};

/** One subject as the database has it; `stored` undefined: configured, but no state stored yet. */
export interface StoredSubject<Stored> {
  site: string;
  subject: string;
  stored: Stored | undefined;
}

export interface ConditionContext {
  site: string;
  subject: string;
  settings: AlertSettings;
  now: number;
}

/**
 * One kind of thing alerts are about (seats, cameras, devices): how device events and the database
 * become its facts, and which alerts its facts call for. A role contributes families through the role
 * table; the engine knows none by name. `Fact` is what the engine keeps per subject, `Update` what an
 * observed event carries, `Stored` what the database holds.
 */
export interface AlertFamily<Fact, Update, Stored = Fact> {
  /** Names the family in subject references and logs, e.g. "seat". */
  readonly name: string;
  /** The alert kinds its conditions raise; each kind belongs to exactly one registered family. */
  readonly kinds: readonly AlertKind[];
  readonly observe: AlertObservers<Update>;
  /** The subject's next fact, or undefined when the update changes nothing (older report, same state). */
  note(known: Fact | undefined, update: Update): Fact | undefined;
  /** Only subjects the database lists (configured ones) take updates; others are created on first report. */
  readonly knownOnly?: true;
  /** Every subject the database has, per site; subjects missing here are dropped and their alerts resolve. */
  load(db: Db): Promise<StoredSubject<Stored>[]>;
  /**
   * What the engine keeps after a database read: `known` is what this instance has (it may hold a report
   * not yet flushed), `stored` the database's state (undefined: nothing stored yet).
   */
  merge(known: Fact | undefined, stored: Stored | undefined): Fact | undefined;
  conditions(context: ConditionContext, fact: Fact): Condition[];
  /**
   * Its alerts belong to one stretch of a state: a condition that began later than the open alert is a
   * new episode, so that alert ends and a new one starts. Otherwise alerts are matched by subject alone.
   */
  readonly episodic?: true;
}

/** Any family, whatever its facts: method parameters are compared bivariantly, so every family fits. */
export type AnyAlertFamily = AlertFamily<unknown, unknown, unknown>;

/**
 * Fails unless every protocol alert kind is raised by exactly one family and family names are unique,
 * so a role added without its rules, or two roles claiming one kind, stop the hub at construction.
 */
export function checkAlertFamilies(families: readonly AnyAlertFamily[]): void {
  const owners = new Map<string, string>();
  const names = new Set<string>();
  for (const family of families) {
    if (names.has(family.name)) throw new Error(`alert family "${family.name}" is registered twice`);
    names.add(family.name);
    for (const kind of family.kinds) {
      const owner = owners.get(kind);
      if (owner !== undefined)
        throw new Error(`alert kind "${kind}" is claimed by two alert families: ${owner} and ${family.name}`);
      owners.set(kind, family.name);
    }
  }
  const orphans = alertKindSchema.options.filter((kind) => !owners.has(kind));
  if (orphans.length > 0)
    throw new Error(`alert kind ${orphans.map((k) => `"${k}"`).join(", ")} is raised by no alert family`);
}

/** The kinds whose alerts are per episode (see `episodic`), for reconcile. */
export function episodicKinds(families: readonly AnyAlertFamily[]): ReadonlySet<AlertKind> {
  return new Set(families.filter((f) => f.episodic).flatMap((f) => f.kinds));
}
