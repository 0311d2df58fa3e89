import { cameraStateSchema, seatStateSchema } from "@sitewatch/shared-protocol";
import type { HaCamera, HaDevice, HaInventory, HaSeat } from "./ha-inventory.js";
import {
  deviceIdentifier,
  type HaComponent,
  type HaEntityKind,
  type HaTopics,
  objectId,
} from "./ha-topics.js";

/** One retained discovery config: where it goes and what it says. */
export interface HaDiscovery {
  topic: string;
  config: Record<string, unknown>;
  /** The entity's state topic, cleared together with the config when the entity goes away. */
  stateTopic: string;
}

export interface HaEntityContext {
  topics: HaTopics;
  /** The hub's version, announced as the discovery origin. */
  version: string;
}

const ONLINE = { payload_available: "online", payload_not_available: "offline" };
const SEAT_STATES = seatStateSchema.options;
const CAMERA_STATES = [...cameraStateSchema.options, "unknown"];

function deviceBlock(
  d: Pick<HaDevice, "site" | "id" | "name" | "siteName" | "agentVersion">,
  version: string,
) {
  return {
    identifiers: [deviceIdentifier(d.site, d.id)],
    name: d.name,
    manufacturer: "Sitewatch",
    model: "Sitewatch edge agent",
    sw_version: d.agentVersion ?? version,
    suggested_area: d.siteName,
  };
}

function entity(
  ctx: HaEntityContext,
  component: HaComponent,
  kind: HaEntityKind,
  ids: readonly string[],
  device: HaDevice,
  fields: Record<string, unknown> & { state_topic: string },
  ownAvailability = true,
): HaDiscovery {
  const object = objectId(kind, ids);
  // Every entity goes unavailable with the hub; those of a device also with the device.
  const availability = [{ topic: ctx.topics.hubStatus(), ...ONLINE }];
  if (ownAvailability) availability.push({ topic: ctx.topics.device(device.site, device.id), ...ONLINE });
  return {
    topic: ctx.topics.config(component, object),
    stateTopic: fields.state_topic,
    config: {
      unique_id: `sitewatch_${object}`,
      object_id: object,
      ...fields,
      availability,
      availability_mode: "all",
      qos: 1,
      device: deviceBlock(device, ctx.version),
      origin: { name: "Sitewatch", sw_version: ctx.version },
    },
  };
}

function seatEntities(ctx: HaEntityContext, seat: HaSeat, device: HaDevice): HaDiscovery[] {
  const state_topic = ctx.topics.seat(seat.site, seat.id);
  const shared = { state_topic, json_attributes_topic: state_topic };
  return [
    entity(ctx, "binary_sensor", "seat_occupancy", [seat.site, seat.id], device, {
      ...shared,
      name: `Seat ${seat.id}`,
      device_class: "occupancy",
      // `occupancy` is null while the seat's state is unknown: the template renders `None`, which Home
      // Assistant reads as "state unknown" rather than as a third payload.
      value_template: "{{ value_json.occupancy }}",
      payload_on: "ON",
      payload_off: "OFF",
    }),
    entity(ctx, "sensor", "seat_state", [seat.site, seat.id], device, {
      ...shared,
      name: `Seat ${seat.id} state`,
      device_class: "enum",
      options: SEAT_STATES,
      value_template: "{{ value_json.state }}",
      icon: "mdi:seat",
    }),
  ];
}

function cameraEntities(ctx: HaEntityContext, camera: HaCamera, device: HaDevice): HaDiscovery[] {
  const ids = [camera.site, camera.device, camera.id];
  const state_topic = ctx.topics.camera(camera.site, camera.device, camera.id);
  const out = [
    entity(ctx, "sensor", "camera_state", ids, device, {
      state_topic,
      json_attributes_topic: state_topic,
      name: `${camera.name} camera`,
      device_class: "enum",
      options: CAMERA_STATES,
      value_template: "{{ value_json.state }}",
      icon: "mdi:cctv",
      entity_category: "diagnostic",
    }),
  ];
  if (camera.role !== "gate") return out;
  const gate_topic = ctx.topics.gate(camera.site, camera.device, camera.id);
  out.push(
    entity(ctx, "sensor", "gate_container", ids, device, {
      state_topic: gate_topic,
      json_attributes_topic: gate_topic,
      name: `${camera.name} last container`,
      value_template: "{{ value_json.number }}",
      icon: "mdi:truck-cargo-container",
    }),
  );
  return out;
}

/** Every discovery config the inventory calls for, in a stable order. */
export function discoveryConfigs(ctx: HaEntityContext, inventory: HaInventory): HaDiscovery[] {
  const byKey = new Map(inventory.devices.map((d) => [`${d.site}/${d.id}`, d]));
  const out: HaDiscovery[] = [];
  for (const device of inventory.devices) {
    const state_topic = ctx.topics.device(device.site, device.id);
    const connectivity = {
      state_topic,
      name: "Connection",
      device_class: "connectivity",
      payload_on: "online",
      payload_off: "offline",
      entity_category: "diagnostic",
    };
    // Its own availability is what it reports, so only the hub's decides whether it is known.
    out.push(
      entity(
        ctx,
        "binary_sensor",
        "device_connectivity",
        [device.site, device.id],
        device,
        connectivity,
        false,
      ),
    );
  }
  for (const camera of inventory.cameras) {
    const device = byKey.get(`${camera.site}/${camera.device}`);
    if (device) out.push(...cameraEntities(ctx, camera, device));
  }
  for (const seat of inventory.seats) {
    const device = byKey.get(`${seat.site}/${seat.device}`);
    if (device) out.push(...seatEntities(ctx, seat, device));
  }
  return out;
}
