import { type HomeAssistantSettings, homeAssistantHubStatusTopic } from "../../config-integrations.js";

/** The Home Assistant components the hub announces. */
export type HaComponent = "binary_sensor" | "sensor";

/** What the entities of one kind are named after; kinds keep object ids of different entities apart. */
export type HaEntityKind =
  | "seat_occupancy"
  | "seat_state"
  | "device_connectivity"
  | "camera_state"
  | "gate_container";

// Site, device, camera and seat ids are slugs of letters, digits, '-' and '_', all of which Home
// Assistant also allows in object ids. Doubling '_' and joining with a single '_' keeps the mapping
// one-to-one (an id never starts with '_'), so ("a_b", "c") and ("a", "b_c") get different ids.
const part = (id: string) => id.replaceAll("_", "__");

/** The object id (and, prefixed with `sitewatch_`, the unique id) of one entity. */
export function objectId(kind: HaEntityKind, ids: readonly string[]): string {
  return [kind, ...ids.map(part)].join("_");
}

/** Home Assistant's device registry id of one edge device. */
export function deviceIdentifier(site: string, device: string): string {
  return `sitewatch_${[site, device].map(part).join("_")}`;
}

/** Every entity's discovery config sits below one node id. */
export const HA_NODE_ID = "sitewatch";

/**
 * Topic names of the Home Assistant integration: discovery configs below Home Assistant's prefix, the
 * entities' states below the hub-owned state root (never the devices' own topics, which integrators
 * read as they are and Home Assistant need not understand).
 */
export class HaTopics {
  constructor(private readonly settings: HomeAssistantSettings) {}

  /** `<prefix>/<component>/<node_id>/<object_id>/config`, as Home Assistant's discovery reads it. */
  config(component: HaComponent, object: string): string {
    return `${this.settings.discoveryPrefix}/${component}/${HA_NODE_ID}/${object}/config`;
  }

  /** The hub's own availability: `online` while it runs, `offline` once it stopped. */
  hubStatus(): string {
    return homeAssistantHubStatusTopic(this.settings);
  }

  /** `online` / `offline` of one edge device. */
  device(site: string, device: string): string {
    return `${this.settings.stateRoot}/${site}/device/${device}/availability`;
  }

  /** JSON `{ state, reason? }` of one camera. */
  camera(site: string, device: string, camera: string): string {
    return `${this.settings.stateRoot}/${site}/device/${device}/cam/${camera}/state`;
  }

  /** JSON of the last container a gate camera read. */
  gate(site: string, device: string, camera: string): string {
    return `${this.settings.stateRoot}/${site}/device/${device}/cam/${camera}/gate`;
  }

  /** JSON `{ state, occupancy, since, … }` of one seat (seat ids are unique within a site). */
  seat(site: string, seat: string): string {
    return `${this.settings.stateRoot}/${site}/seat/${seat}`;
  }
}
