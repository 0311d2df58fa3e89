import { describe, expect, it } from "vitest";
import { envFileKeys, HUB_ENV_KEYS, readDeploy, unknownHubKeys, yamlDocuments } from "./deploy-files.js";

interface K8sObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field below.
  spec?: any;
}

const kustomization = yamlDocuments("kubernetes/kustomization.yaml")[0] as {
  resources: string[];
  secretGenerator: Array<{ name: string; envs: string[] }>;
};
const objects = kustomization.resources.flatMap((file) => yamlDocuments(`kubernetes/${file}`) as K8sObject[]);
const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
const hub = byKind("StatefulSet")[0];
const container = hub?.spec.template.spec.containers[0];

describe("deploy/kubernetes", () => {
  it("sets nothing but hub settings in the ConfigMap, the Secret and the container env", () => {
    const configMap = byKind("ConfigMap")[0];
    expect(unknownHubKeys(Object.keys(configMap?.data ?? {}))).toEqual([]);
    expect(unknownHubKeys(envFileKeys("kubernetes/secret.env.example"))).toEqual([]);
    const names = (container.env as Array<{ name: string }>).map((e) => e.name);
    expect(unknownHubKeys(names)).toEqual([]);
    expect(HUB_ENV_KEYS.has("HUB_INSTANCE_ID")).toBe(true);
  });

  it("runs several replicas clustered on an external database and broker, secrets from the Secret", () => {
    expect(hub?.spec.replicas).toBeGreaterThanOrEqual(2);
    const configMap = byKind("ConfigMap")[0];
    expect(configMap?.data?.HUB_CLUSTER).toBe("true");
    expect(configMap?.data?.MQTT_URL).toMatch(/^mqtts?:\/\//);
    const secretKeys = envFileKeys("kubernetes/secret.env.example");
    expect(secretKeys).toEqual(expect.arrayContaining(["DATABASE_URL", "MQTT_PASSWORD", "JWT_SECRET"]));
    expect(Object.keys(configMap?.data ?? {}).filter((k) => secretKeys.includes(k))).toEqual([]);
    const refs = container.envFrom as Array<{
      configMapRef?: { name: string };
      secretRef?: { name: string };
    }>;
    expect(refs.map((r) => r.configMapRef?.name).filter(Boolean)).toEqual([configMap?.metadata.name]);
    expect(refs.map((r) => r.secretRef?.name).filter(Boolean)).toEqual([
      kustomization.secretGenerator[0]?.name,
    ]);
  });

  it("logs each replica in to the broker as its pod name, the accounts the README has broker-config write", () => {
    // The broker makes the username the client id, so replicas on one account would disconnect each other.
    const env = container.env as Array<{ name: string; value?: string; valueFrom?: unknown }>;
    const names = env.map((e) => e.name);
    const instance = names.indexOf("HUB_INSTANCE_ID");
    expect(env[instance]?.valueFrom).toEqual({ fieldRef: { fieldPath: "metadata.name" } });
    // $(VAR) expands only variables defined earlier in the list.
    expect(names.indexOf("MQTT_USERNAME")).toBeGreaterThan(instance);
    expect(env.find((e) => e.name === "MQTT_USERNAME")?.value).toBe("$(HUB_INSTANCE_ID)");
    expect(envFileKeys("kubernetes/secret.env.example")).not.toContain("MQTT_USERNAME");
    const pods = Array.from({ length: hub?.spec.replicas }, (_, i) => `${hub?.metadata.name}-${i}`);
    expect(readDeploy("README.md")).toContain(`--hub-user ${pods.join(",")}`);
  });

  it("probes /healthz for liveness and /readyz for readiness on the named port", () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(container.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "http" });
    expect(container.ports).toEqual([{ name: "http", containerPort: 8080 }]);
  });

  it("runs as non-root on a read-only root file system with limits", () => {
    expect(hub?.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.resources.limits.memory).toBeDefined();
    const mounts = (container.volumeMounts as Array<{ mountPath: string }>).map((m) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining([byKind("ConfigMap")[0]?.data?.HUB_DATA_DIR, "/tmp"]));
  });

  it("routes the Service and the disruption budget to the hub pods, with client-IP affinity", () => {
    const selector = hub?.spec.selector.matchLabels;
    expect(hub?.spec.template.metadata.labels).toMatchObject(selector);
    const services = byKind("Service");
    expect(services.map((s) => s.metadata.name)).toContain(hub?.spec.serviceName);
    for (const service of services) expect(service.spec.selector).toEqual(selector);
    expect(services.find((s) => s.spec.clusterIP !== "None")?.spec.sessionAffinity).toBe("ClientIP");
    expect(byKind("PodDisruptionBudget")[0]?.spec.selector.matchLabels).toEqual(selector);
  });
});
