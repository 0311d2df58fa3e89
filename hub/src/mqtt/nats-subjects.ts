import {
  deviceSubscriptions,
  isCommandKind,
  type MessageKind,
  messageKinds,
  messages,
  topicFilter,
} from "@sitewatch/shared-protocol";

/**
 * NATS' MQTT listener maps a topic to a subject by turning every '/' into '.', '+' into '*' and '#' into
 * '>'. Topics holding '.' or ' ' are refused by nats-server, and the hub must refuse them too: a '.' would
 * split one MQTT level into two NATS tokens. Sitewatch topics never hold either (ids are slugs of
 * letters, digits, '-' and '_'), so the mapping is one-to-one for every topic of the protocol.
 */
const UNMAPPABLE = /[. *>]/;

export class SubjectMappingError extends Error {
  override name = "SubjectMappingError";
}

/** `sitewatch/v1/s/d/ack` → `sitewatch.v1.s.d.ack`; throws on a topic NATS cannot carry. */
export function topicToSubject(topic: string): string {
  if (topic.length === 0 || UNMAPPABLE.test(topic) || /[+#]/.test(topic) || topic.split("/").includes("")) {
    throw new SubjectMappingError(`MQTT topic ${JSON.stringify(topic)} has no NATS subject`);
  }
  return topic.replaceAll("/", ".");
}

/** `sitewatch/+/+/cam/+/seats/change` → `sitewatch.*.*.cam.*.seats.change`. */
export function filterToSubject(filter: string): string {
  if (UNMAPPABLE.test(filter))
    throw new SubjectMappingError(`MQTT filter ${JSON.stringify(filter)} has no NATS subject`);
  return filter
    .split("/")
    .map((level) => (level === "+" ? "*" : level === "#" ? ">" : level))
    .join(".");
}

/** The inverse of topicToSubject, for messages the hub reads from NATS. */
export function subjectToTopic(subject: string): string {
  return subject.replaceAll(".", "/");
}

/**
 * Subjects of device-to-hub kinds, split by delivery: QoS 1 kinds go through the durable stream (stored
 * before the device's PUBACK, acknowledged by the hub after its commit); QoS 0 kinds (heartbeats, live
 * frames) are read live, so megabytes of frames never reach the disk.
 */
export function deviceToHubSubjects(): { durable: string[]; live: string[] } {
  const durable: string[] = [];
  const live: string[] = [];
  for (const kind of messageKinds as readonly MessageKind[]) {
    const def = messages[kind];
    if (def.direction !== "device-to-hub") continue;
    (def.qos === 0 ? live : durable).push(filterToSubject(topicFilter(kind)));
  }
  return { durable, live };
}

/**
 * What the HUB account exports to device accounts: every device's commands and its other hub-to-device
 * messages (delivery confirmations); each device account imports only its own.
 */
export function hubExportSubjects(): string[] {
  const others = (messageKinds as readonly MessageKind[])
    .filter((k) => messages[k].direction === "hub-to-device" && !isCommandKind(k))
    .map((k) => filterToSubject(topicFilter(k)));
  return ["sitewatch.v1.*.*.cmd.>", ...others];
}

/** What a device may publish (its own device-to-hub subjects) and read (its commands and confirmations). */
export function devicePermissions(site: string, device: string): { publish: string[]; subscribe: string[] } {
  const publish = (messageKinds as readonly MessageKind[])
    .filter((k) => messages[k].direction === "device-to-hub")
    .map((k) => filterToSubject(topicFilter(k, { site, device })));
  const subscribe = deviceSubscriptions({ site, device }).map(filterToSubject);
  return { publish, subscribe };
}
