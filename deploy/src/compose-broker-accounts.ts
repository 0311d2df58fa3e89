import { yamlDocuments } from "./deploy-files.js";

interface Service {
  environment?: Record<string, string>;
  command?: string | string[];
}

/**
 * The broker accounts the Compose file wires up. Mosquitto makes the username the client id
 * (deploy/mosquitto/mosquitto.conf), so each hub instance and the broker's health check need an
 * account of their own, and broker-config must write every one of them.
 */
export interface ComposeBrokerAccounts {
  /** MQTT_USERNAME of every hub instance (a service with a HUB_INSTANCE_ID), by service name. */
  hubs: Record<string, string | undefined>;
  /** MQTT_USERNAME of the mosquitto service, which its health check logs in with. */
  healthCheck: string | undefined;
  /** The broker-config service's `--hub-user` list, split at commas. */
  hubUserList: string[];
  /** Its whole command, as the shell sees it. */
  brokerConfigCommand: string;
  /** Its environment, as written (`${…}` not interpolated). */
  brokerConfigEnv: Record<string, string>;
}

export function composeBrokerAccounts(): ComposeBrokerAccounts {
  const [compose] = yamlDocuments("compose/docker-compose.yml") as [{ services: Record<string, Service> }];
  const hubs: Record<string, string | undefined> = {};
  for (const [name, service] of Object.entries(compose.services)) {
    if (service.environment?.HUB_INSTANCE_ID !== undefined) hubs[name] = service.environment.MQTT_USERNAME;
  }
  const brokerConfig = compose.services["broker-config"];
  const command = brokerConfig?.command ?? "";
  const brokerConfigCommand = typeof command === "string" ? command : command.join(" ");
  const list = /--hub-user[= ]+([^\s&;|]+)/.exec(brokerConfigCommand)?.[1] ?? "";
  return {
    hubs,
    healthCheck: compose.services.mosquitto?.environment?.MQTT_USERNAME,
    hubUserList: list.split(",").filter(Boolean),
    brokerConfigCommand,
    brokerConfigEnv: brokerConfig?.environment ?? {},
  };
}
