import { z } from "zod";

// Home Assistant's documented MQTT discovery options for binary sensors and sensors
// (https://www.home-assistant.io/integrations/binary_sensor.mqtt/, …/sensor.mqtt/,
// …/mqtt/#discovery-messages), written out so the tests check the hub's configs against what Home
// Assistant reads instead of against the hub's own idea of it. Full key names only (the hub sends no
// abbreviations); `.strict()` so a misspelt key fails rather than being ignored as Home Assistant would.

const topic = z
  .string()
  .min(1)
  .regex(/^[^#+]+$/, "a topic, not a filter");
const template = z.string().min(1);

const availabilityEntry = z
  .object({
    topic,
    payload_available: z.string().optional(),
    payload_not_available: z.string().optional(),
    value_template: template.optional(),
  })
  .strict();

const device = z
  .object({
    configuration_url: z.string().optional(),
    connections: z.array(z.tuple([z.string(), z.string()])).optional(),
    hw_version: z.string().optional(),
    identifiers: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    manufacturer: z.string().optional(),
    model: z.string().optional(),
    model_id: z.string().optional(),
    name: z.string().optional(),
    serial_number: z.string().optional(),
    suggested_area: z.string().optional(),
    sw_version: z.string().optional(),
    via_device: z.string().optional(),
  })
  .strict()
  .refine((d) => d.identifiers !== undefined || d.connections !== undefined, {
    message: "a device needs identifiers or connections",
  });

const origin = z
  .object({ name: z.string().min(1), sw_version: z.string().optional(), support_url: z.string().optional() })
  .strict();

/** Options every MQTT entity shares. */
const common = {
  availability: z.array(availabilityEntry).min(1).optional(),
  availability_mode: z.enum(["all", "any", "latest"]).optional(),
  availability_template: template.optional(),
  availability_topic: topic.optional(),
  payload_available: z.string().optional(),
  payload_not_available: z.string().optional(),
  device: device.optional(),
  enabled_by_default: z.boolean().optional(),
  encoding: z.string().optional(),
  entity_category: z.enum(["config", "diagnostic"]).optional(),
  entity_picture: z.string().optional(),
  expire_after: z.number().int().nonnegative().optional(),
  force_update: z.boolean().optional(),
  icon: z
    .string()
    .regex(/^[a-z]+:[a-z0-9-]+$/, "an icon such as mdi:seat")
    .optional(),
  json_attributes_template: template.optional(),
  json_attributes_topic: topic.optional(),
  name: z.string().nullable().optional(),
  object_id: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .optional(),
  origin: origin.optional(),
  platform: z.literal("mqtt").optional(),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  state_topic: topic,
  unique_id: z.string().min(1).optional(),
  value_template: template.optional(),
};

// biome-ignore format: the documented list, kept as one block
const binarySensorClasses = [
  "battery", "battery_charging", "carbon_monoxide", "cold", "connectivity", "door", "garage_door", "gas",
  "heat", "light", "lock", "moisture", "motion", "moving", "occupancy", "opening", "plug", "power",
  "presence", "problem", "running", "safety", "smoke", "sound", "tamper", "update", "vibration", "window",
] as const;

// biome-ignore format: the documented list, kept as one block
const sensorClasses = [
  "apparent_power", "aqi", "area", "atmospheric_pressure", "battery", "blood_glucose_concentration",
  "carbon_dioxide", "carbon_monoxide", "current", "data_rate", "data_size", "date", "distance", "duration",
  "energy", "energy_distance", "energy_storage", "enum", "frequency", "gas", "humidity", "illuminance",
  "irradiance", "moisture", "monetary", "nitrogen_dioxide", "nitrogen_monoxide", "nitrous_oxide", "ozone",
  "ph", "pm1", "pm10", "pm25", "power_factor", "power", "precipitation", "precipitation_intensity",
  "pressure", "reactive_power", "signal_strength", "sound_pressure", "speed", "sulphur_dioxide",
  "temperature", "timestamp", "volatile_organic_compounds", "volatile_organic_compounds_parts", "voltage",
  "volume", "volume_flow_rate", "volume_storage", "water", "weight", "wind_direction", "wind_speed",
] as const;

export const haBinarySensorConfig = z
  .object({
    ...common,
    device_class: z.enum(binarySensorClasses).optional(),
    off_delay: z.number().int().positive().optional(),
    payload_off: z.string().optional(),
    payload_on: z.string().optional(),
  })
  .strict();

export const haSensorConfig = z
  .object({
    ...common,
    device_class: z.enum(sensorClasses).optional(),
    last_reset_value_template: template.optional(),
    options: z.array(z.string()).min(1).optional(),
    state_class: z.enum(["measurement", "total", "total_increasing"]).optional(),
    suggested_display_precision: z.number().int().nonnegative().optional(),
    unit_of_measurement: z.string().optional(),
  })
  .strict()
  // An enum sensor lists its states and has neither a unit nor a state class; only it has options.
  .refine((c) => (c.device_class === "enum") === (c.options !== undefined), {
    message: "options go with device_class enum, and enum needs them",
  })
  .refine((c) => c.device_class !== "enum" || (!c.unit_of_measurement && !c.state_class), {
    message: "an enum sensor has no unit or state class",
  });

/** `<prefix>/<component>/[<node_id>/]<object_id>/config` with ids of letters, digits, '_' and '-'. */
export function parseDiscoveryTopic(prefix: string, topic: string) {
  const rest = topic.startsWith(`${prefix}/`) ? topic.slice(prefix.length + 1).split("/") : [];
  const ok = /^[a-zA-Z0-9_-]+$/;
  if (rest.length !== 4 || rest[3] !== "config" || !ok.test(rest[1] ?? "") || !ok.test(rest[2] ?? ""))
    return null;
  return { component: rest[0] as string, nodeId: rest[1] as string, objectId: rest[2] as string };
}

/** The documented schema of a component's config; null for components these tests do not know. */
export function haSchemaOf(component: string) {
  if (component === "binary_sensor") return haBinarySensorConfig;
  if (component === "sensor") return haSensorConfig;
  return null;
}
