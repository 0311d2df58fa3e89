import { cameraIdSchema, deviceIdSchema, siteIdSchema } from "./ids.js";
import { isCommandKind, type MessageKind, type Messages, messageKinds, messages } from "./registry.js";
import { PROTOCOL_VERSION, TOPIC_ROOT } from "./version.js";

export interface DeviceAddress {
  site: string;
  device: string;
}
export interface CameraAddress extends DeviceAddress {
  camera: string;
}
export type AddressOf<K extends MessageKind> = K extends MessageKind
  ? Messages[K]["scope"] extends "camera"
    ? CameraAddress
    : DeviceAddress
  : never;

export class TopicError extends Error {
  override name = "TopicError";
}

function checkSegment(label: string, value: string, schema: typeof siteIdSchema): string {
  if (!schema.safeParse(value).success) {
    throw new TopicError(`${label} ${JSON.stringify(value)} cannot be used in a topic`);
  }
  return value;
}

/** Topic of a message kind for one device or camera. Throws on ids that would break the topic tree. */
export function topicFor<K extends MessageKind>(kind: K, address: AddressOf<K>): string {
  const def = messages[kind];
  const device = `${TOPIC_ROOT}/${checkSegment("site id", address.site, siteIdSchema)}/${checkSegment(
    "device id",
    address.device,
    deviceIdSchema,
  )}`;
  if (def.scope === "device") return `${device}/${def.path}`;
  const camera = checkSegment("camera id", (address as CameraAddress).camera, cameraIdSchema);
  return `${device}/cam/${camera}/${def.path}`;
}

/** `topics.seatChange({ site, device, camera })` and so on, one builder per message kind. */
export const topics = Object.fromEntries(
  messageKinds.map((kind) => [kind, (address: CameraAddress) => topicFor(kind, address)]),
) as { [K in MessageKind]: (address: AddressOf<K>) => string };

/** Filter matching one kind for every device (or one site / device when given). */
export function topicFilter(kind: MessageKind, scope: Partial<DeviceAddress> = {}): string {
  const def = messages[kind];
  const prefix = `${TOPIC_ROOT}/${scope.site ?? "+"}/${scope.device ?? "+"}`;
  return def.scope === "device" ? `${prefix}/${def.path}` : `${prefix}/cam/+/${def.path}`;
}

/** Everything a device may publish or receive: the ACL prefix the broker enforces per device. */
export function deviceTopicPrefix(address: DeviceAddress): string {
  return `${TOPIC_ROOT}/${address.site}/${address.device}/`;
}

/** What a device subscribes to: its own commands. */
export function deviceCommandFilter(address: DeviceAddress): string {
  return `${TOPIC_ROOT}/${address.site}/${address.device}/cmd/+`;
}

/** Where the hub tells a device which of its events are settled (see the `settled` message). */
export function deviceSettledTopic(address: DeviceAddress): string {
  return topicFor("settled", address);
}

/**
 * Everything a device subscribes to, and all it may read: its own commands and its own other
 * hub-to-device messages (delivery confirmations). Broker ACLs are generated from this list.
 */
export function deviceSubscriptions(address: DeviceAddress): string[] {
  const others = messageKinds
    .filter((k) => messages[k].direction === "hub-to-device" && !isCommandKind(k))
    .map((k) => topicFilter(k, address));
  return [deviceCommandFilter(address), ...others];
}

/** MQTT 5 shared subscription, so several hub instances split one stream of device events. */
export function sharedSubscription(group: string, filter: string): string {
  return `$share/${group}/${filter}`;
}

/** Filters the hub subscribes to: every device-to-hub kind. */
export function hubFilters(): string[] {
  return messageKinds.filter((k) => messages[k].direction === "device-to-hub").map((k) => topicFilter(k));
}

export type ParsedTopic =
  | { ok: true; kind: MessageKind; address: DeviceAddress & { camera?: string } }
  | { ok: false; reason: "not-sitewatch" | "unsupported-version" | "unknown-path" | "bad-id" };

const byDevicePath = new Map<string, MessageKind>();
const byCameraPath = new Map<string, MessageKind>();
for (const kind of messageKinds) {
  const def = messages[kind];
  (def.scope === "device" ? byDevicePath : byCameraPath).set(def.path, kind);
}

const MAX_TOPIC_LENGTH = 512;

/** Inverse of `topicFor`; never throws. */
export function parseTopic(topic: string): ParsedTopic {
  if (typeof topic !== "string" || topic.length > MAX_TOPIC_LENGTH)
    return { ok: false, reason: "unknown-path" };
  const parts = topic.split("/");
  if (parts[0] !== "sitewatch") return { ok: false, reason: "not-sitewatch" };
  if (parts[1] !== `v${PROTOCOL_VERSION}`) {
    return /^v\d+$/.test(parts[1] ?? "")
      ? { ok: false, reason: "unsupported-version" }
      : { ok: false, reason: "not-sitewatch" };
  }
  const [, , site = "", device = "", ...rest] = parts;
  if (!siteIdSchema.safeParse(site).success || !deviceIdSchema.safeParse(device).success) {
    return { ok: false, reason: "bad-id" };
  }
  if (rest[0] === "cam") {
    const camera = rest[1] ?? "";
    const kind = byCameraPath.get(rest.slice(2).join("/"));
    if (!kind) return { ok: false, reason: "unknown-path" };
    if (!cameraIdSchema.safeParse(camera).success) return { ok: false, reason: "bad-id" };
    return { ok: true, kind, address: { site, device, camera } };
  }
  const kind = byDevicePath.get(rest.join("/"));
  if (!kind) return { ok: false, reason: "unknown-path" };
  return { ok: true, kind, address: { site, device } };
}
