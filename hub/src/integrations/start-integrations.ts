import { join } from "node:path";
import type { HubConfig } from "../config.js";
import type { Db } from "../db/client.js";
import type { DomainEventSource } from "../events/domain-events.js";
import type { MqttTransport } from "../mqtt/transport.js";
import type { Logger } from "../observability/logger.js";
import { productVersion } from "../package-version.js";
import { databaseInventory } from "./home-assistant/ha-inventory.js";
import { HomeAssistantPublisher } from "./home-assistant/home-assistant-publisher.js";

export interface IntegrationDeps {
  config: Pick<HubConfig, "integrations" | "dataDir">;
  transport: Pick<MqttTransport, "kind" | "publish">;
  events: DomainEventSource;
  db: Db;
  logger: Logger;
}

/** The running integrations the hub publishes itself; the integrator account lives in the broker. */
export interface Integrations {
  /** Present while Home Assistant discovery runs (HUB_HOME_ASSISTANT). */
  homeAssistant?: HomeAssistantPublisher;
  /** Marks the hub offline for Home Assistant; call before the transport stops. */
  stop(): Promise<void>;
}

/** Starts what the configuration turns on; call once the transport is started. */
export async function startIntegrations(deps: IntegrationDeps): Promise<Integrations> {
  const settings = deps.config.integrations?.homeAssistant;
  if (!settings) return { stop: async () => {} };
  const homeAssistant = new HomeAssistantPublisher({
    settings,
    transport: deps.transport,
    events: deps.events,
    inventory: databaseInventory(deps.db),
    logger: deps.logger,
    version: productVersion(),
    stateFile: join(deps.config.dataDir, "home-assistant.json"),
  });
  await homeAssistant.start();
  deps.logger.info({ prefix: settings.discoveryPrefix }, "home assistant discovery published");
  return { homeAssistant, stop: () => homeAssistant.stop() };
}
