import type { CameraState, HubAlert, SeatState } from "@sitewatch/shared-protocol";
import {
  type AlertKind,
  alertKey,
  type CameraFact,
  type Condition,
  cameraConditions,
  cameraSubject,
  DEFAULT_THRESHOLDS,
  type DeviceFact,
  deviceConditions,
  nextCameraFact,
  type OpenAlert,
  type SeatFact,
  seatConditions,
  type Thresholds,
} from "./alert-rules.js";

export type Family = "seat" | "camera" | "device";
/** One thing alerts can be about: a seat, a camera (`device/camera`) or a device of a site. */
export interface SubjectRef {
  site: string;
  family: Family;
  subject: string;
}

const familyKinds: Record<Family, AlertKind[]> = {
  seat: ["seat-held", "seat-vacant"],
  camera: ["camera-offline"],
  device: ["device-offline"],
};

interface SiteFacts {
  thresholds: Thresholds;
  /** Configured, active seats; undefined until the seat's state is known. */
  seats: Map<string, SeatFact | undefined>;
  cameras: Map<string, CameraFact>;
  devices: Map<string, DeviceFact>;
}

/** What the database says, as loaded by alert-store's loadFacts. */
export interface StoredSite {
  thresholds: Thresholds;
  seats: Map<string, SeatFact | undefined>;
  /** Undefined: configured, but nothing stored yet (what this instance observed is kept). */
  cameras: Map<string, { state: CameraFact["state"]; at: number; reason?: string } | undefined>;
  devices: Map<string, DeviceFact | undefined>;
}

/**
 * The engine's picture of every site: seat, camera and device state plus the open alerts. Live
 * observations update it at once; the database is merged in on every tick (newer report wins), which
 * also brings in configuration edits and what other hub instances observed. No I/O here.
 */
export class AlertFacts {
  private readonly sites = new Map<string, SiteFacts>();
  private readonly open = new Map<string, HubAlert>();

  private site(site: string): SiteFacts {
    let facts = this.sites.get(site);
    if (!facts) {
      facts = { thresholds: DEFAULT_THRESHOLDS, seats: new Map(), cameras: new Map(), devices: new Map() };
      this.sites.set(site, facts);
    }
    return facts;
  }

  /** Seats the hub has no configuration for are ignored; a report older than the known one too. */
  noteSeat(site: string, seat: string, state: SeatState, since: number): SubjectRef | undefined {
    const seats = this.sites.get(site)?.seats;
    if (!seats?.has(seat)) return undefined;
    const known = seats.get(seat);
    if (known && since < known.since) return undefined;
    seats.set(seat, { state, since });
    return { site, family: "seat", subject: seat };
  }

  noteCamera(
    site: string,
    device: string,
    camera: string,
    state: CameraState,
    at: number,
    reason?: string,
  ): SubjectRef | undefined {
    const cameras = this.site(site).cameras;
    const subject = cameraSubject(device, camera);
    const known = cameras.get(subject);
    if (known && at < known.at) return undefined;
    cameras.set(subject, nextCameraFact(known, state, at, reason));
    return { site, family: "camera", subject };
  }

  /** A device keeps the time it changed state, not the time of every heartbeat. */
  noteDevice(site: string, device: string, online: boolean, at: number): SubjectRef | undefined {
    const devices = this.site(site).devices;
    const known = devices.get(device);
    if (known?.online === online) return undefined;
    devices.set(device, { online, since: at });
    return { site, family: "device", subject: device };
  }

  /** Replaces configuration and fills in newer state from the database; subjects it lacks are dropped. */
  merge(stored: Map<string, StoredSite>, open: HubAlert[]): void {
    for (const site of this.sites.keys()) if (!stored.has(site)) this.sites.delete(site);
    for (const [site, db] of stored) {
      const mem = this.sites.get(site);
      const next: SiteFacts = {
        thresholds: db.thresholds,
        seats: new Map(),
        cameras: new Map(),
        devices: new Map(),
      };
      for (const [seat, fact] of db.seats) {
        const known = mem?.seats.get(seat);
        next.seats.set(seat, known && (!fact || fact.since <= known.since) ? known : fact);
      }
      // A report observed here but not yet flushed must survive the merge, or a tick between the
      // observation and the batch write would resolve (or miss) its alert.
      for (const [subject, report] of db.cameras) {
        const known = mem?.cameras.get(subject);
        if (!report) {
          if (known) next.cameras.set(subject, known);
          continue;
        }
        next.cameras.set(
          subject,
          known && report.at <= known.at
            ? known
            : nextCameraFact(known, report.state, report.at, report.reason),
        );
      }
      for (const [device, fact] of db.devices) {
        const known = mem?.devices.get(device);
        if (!fact) {
          if (known) next.devices.set(device, known);
          continue;
        }
        next.devices.set(
          device,
          known && (fact.since <= known.since || fact.online === known.online) ? known : fact,
        );
      }
      this.sites.set(site, next);
    }
    this.open.clear();
    for (const alert of open) this.open.set(alertKey(alert), alert);
  }

  conditionsFor(ref: SubjectRef, now: number): Condition[] {
    const facts = this.sites.get(ref.site);
    if (!facts) return [];
    if (ref.family === "seat") {
      const seat = facts.seats.get(ref.subject);
      return seat ? seatConditions(ref.site, ref.subject, seat, facts.thresholds, now) : [];
    }
    if (ref.family === "camera") {
      const camera = facts.cameras.get(ref.subject);
      return camera ? cameraConditions(ref.site, ref.subject, camera, now) : [];
    }
    const device = facts.devices.get(ref.subject);
    return device ? deviceConditions(ref.site, ref.subject, device) : [];
  }

  allConditions(now: number): Condition[] {
    const out: Condition[] = [];
    for (const [site, facts] of this.sites) {
      for (const subject of facts.seats.keys())
        out.push(...this.conditionsFor({ site, family: "seat", subject }, now));
      for (const subject of facts.cameras.keys())
        out.push(...this.conditionsFor({ site, family: "camera", subject }, now));
      for (const subject of facts.devices.keys())
        out.push(...this.conditionsFor({ site, family: "device", subject }, now));
    }
    return out;
  }

  openFor(ref: SubjectRef): HubAlert[] {
    const out: HubAlert[] = [];
    for (const kind of familyKinds[ref.family]) {
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
