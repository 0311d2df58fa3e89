import type { HubAlert } from "@sitewatch/shared-protocol";
import { type AlertSettings, type AnyAlertFamily, DEFAULT_ALERT_SETTINGS } from "./alert-family.js";
import { alertKey, type Condition, type OpenAlert } from "./alert-rules.js";

/** One thing alerts can be about: a subject (seat id, `device/camera`, device id) of a family at a site. */
export interface SubjectRef {
  site: string;
  family: string;
  subject: string;
}

/** Per family name, subject → fact; undefined: configured, its state not known yet. */
type FamilyFacts = Map<string, Map<string, unknown>>;

interface SiteFacts {
  settings: AlertSettings;
  families: FamilyFacts;
}

/** What the database says, as alert-store's loadFacts reads it: per family, subject → stored state. */
export interface StoredSite {
  settings: AlertSettings;
  /** Undefined state: configured, but nothing stored yet (what this instance observed is kept). */
  families: FamilyFacts;
}

/**
 * The engine's picture of every site: each registered family's facts plus the open alerts. Live
 * observations update it at once; the database is merged in on every tick (the family decides which
 * wins), which also brings in configuration edits and what other hub instances observed. No I/O here.
 */
export class AlertFacts {
  private readonly sites = new Map<string, SiteFacts>();
  private readonly open = new Map<string, HubAlert>();
  private readonly byName: Map<string, AnyAlertFamily>;

  constructor(readonly families: readonly AnyAlertFamily[]) {
    this.byName = new Map(families.map((f) => [f.name, f]));
  }

  private subjects(site: string, family: string, create: boolean): Map<string, unknown> | undefined {
    let facts = this.sites.get(site);
    if (!facts && !create) return undefined;
    if (!facts) {
      facts = { settings: DEFAULT_ALERT_SETTINGS, families: new Map() };
      this.sites.set(site, facts);
    }
    let subjects = facts.families.get(family);
    if (!subjects && create) {
      subjects = new Map();
      facts.families.set(family, subjects);
    }
    return subjects;
  }

  /** Applies an observed update; the subject's reference when its facts changed. */
  note(family: AnyAlertFamily, site: string, subject: string, update: unknown): SubjectRef | undefined {
    const subjects = this.subjects(site, family.name, !family.knownOnly);
    if (!subjects || (family.knownOnly && !subjects.has(subject))) return undefined;
    const next = family.note(subjects.get(subject), update);
    if (next === undefined) return undefined;
    subjects.set(subject, next);
    return { site, family: family.name, subject };
  }

  /** Replaces configuration and merges in the database state; subjects and sites it lacks are dropped. */
  merge(stored: Map<string, StoredSite>, open: HubAlert[]): void {
    for (const site of this.sites.keys()) if (!stored.has(site)) this.sites.delete(site);
    for (const [site, db] of stored) {
      const mem = this.sites.get(site);
      const next: SiteFacts = { settings: db.settings, families: new Map() };
      for (const family of this.families) {
        const known = mem?.families.get(family.name);
        const subjects = new Map<string, unknown>();
        for (const [subject, state] of db.families.get(family.name) ?? [])
          subjects.set(subject, family.merge(known?.get(subject), state));
        next.families.set(family.name, subjects);
      }
      this.sites.set(site, next);
    }
    this.open.clear();
    for (const alert of open) this.open.set(alertKey(alert), alert);
  }

  conditionsFor(ref: SubjectRef, now: number): Condition[] {
    const facts = this.sites.get(ref.site);
    const family = this.byName.get(ref.family);
    const fact = facts?.families.get(ref.family)?.get(ref.subject);
    if (!facts || !family || fact === undefined) return [];
    return family.conditions({ site: ref.site, subject: ref.subject, settings: facts.settings, now }, fact);
  }

  allConditions(now: number): Condition[] {
    const out: Condition[] = [];
    for (const [site, facts] of this.sites) {
      for (const family of this.families) {
        for (const subject of facts.families.get(family.name)?.keys() ?? [])
          out.push(...this.conditionsFor({ site, family: family.name, subject }, now));
      }
    }
    return out;
  }

  openFor(ref: SubjectRef): HubAlert[] {
    const out: HubAlert[] = [];
    for (const kind of this.byName.get(ref.family)?.kinds ?? []) {
      const alert = this.open.get(alertKey({ site: ref.site, kind, subject: ref.subject }));
      if (alert) out.push(alert);
    }
    return out;
  }

  allOpen(): HubAlert[] {
    return [...this.open.values()];
  }

  setOpen(alert: HubAlert): void {
    this.open.set(alertKey(alert), alert);
  }

  dropOpen(alert: OpenAlert): void {
    if (this.open.get(alertKey(alert))?.id === alert.id) this.open.delete(alertKey(alert));
  }
}
