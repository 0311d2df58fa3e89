import type { HubConfig } from "../config.js";
import { homeAssistantHubStatusTopic } from "../config-integrations.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { BrokerAuth } from "./broker-auth.js";
import { createEmbeddedTransport } from "./embedded-transport.js";
import { createExternalTransport, hubClientId } from "./external-transport.js";
import { createJetStreamTransport } from "./jetstream-transport.js";
import type { MqttTransport } from "./transport.js";

export interface TransportDeps {
  config: HubConfig;
  /** Only the embedded broker authenticates devices itself; external brokers and NATS have their own. */
  brokerAuth: BrokerAuth;
  metrics: Metrics;
  logger: Logger;
}

/**
 * The device transport the config names: the embedded aedes broker (default), an external MQTT broker
 * (Mosquitto, EMQX …) read through a shared subscription, or NATS JetStream. Nothing connects until
 * the transport's start().
 */
export function createTransport({ config, brokerAuth, metrics, logger }: TransportDeps): MqttTransport {
  const mqtt = config.mqtt;
  if (mqtt.kind === "embedded")
    return createEmbeddedTransport({ mqtt, tls: config.tls, auth: brokerAuth, metrics, logger });
  if (mqtt.kind === "nats") return createJetStreamTransport({ ...mqtt, logger });
  const ha = config.integrations?.homeAssistant;
  return createExternalTransport({
    url: mqtt.url,
    username: mqtt.username,
    password: mqtt.password,
    shareGroup: mqtt.shareGroup,
    clientId: hubClientId(config.instanceId),
    // A crashed hub would otherwise stay "online" in Home Assistant: the broker says otherwise for it.
    ...(ha ? { will: { topic: homeAssistantHubStatusTopic(ha), payload: "offline" } } : {}),
    logger,
  });
}
