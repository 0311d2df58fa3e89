import { type AnalysisJob, examples, topicFor, uuidv7 } from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../testing/test-hub.js";
import { result } from "./jobs/queue.test-support.js";

/**
 * The whole hub: a device's segmentReady over MQTT registers a job, the device's own worker claims and
 * completes it over REST with its MQTT credentials, and a dashboard in the site sees every change live.
 */
const cam = { site: "s1", device: "d1", camera: "cam-1" };

let hub: TestHub;
let device: MqttClient;
let dashboard: Socket;
let basic: string;
const seen: AnalysisJob[] = [];

beforeAll(async () => {
  hub = await startTestHub({ site: cam.site });
  const enrolled = await hub.api("/api/v1/devices/enroll", {
    token: await hub.newToken(),
    deviceId: cam.device,
  });
  const { username, password } = enrolled.mqtt as { username: string; password: string };
  basic = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  device = await mqtt.connectAsync(hub.mqttUrl, {
    username,
    password,
    clientId: username,
    reconnectPeriod: 0,
  });
  dashboard = connectSocket(hub.url, {
    auth: { token: hub.token },
    transports: ["websocket"],
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    dashboard.once("connect", resolve);
    dashboard.once("connect_error", reject);
  });
  expect((await dashboard.emitWithAck("site:join", { site: cam.site })).ok).toBe(true);
  dashboard.on("archive:job", (event: { data: AnalysisJob }) => seen.push(event.data));
});

afterAll(async () => {
  dashboard?.close();
  await device?.endAsync(true);
  await hub?.close();
});

async function work(
  path: string,
  body: unknown,
): Promise<{ status: number; json: { job: AnalysisJob | null } }> {
  const res = await fetch(`${hub.url}/api/v1/analysis-jobs/${path}`, {
    method: "POST",
    headers: { authorization: basic, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { job: AnalysisJob | null } };
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out; seen ${JSON.stringify(seen.map((j) => j.status))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("archive jobs through the whole hub", () => {
  it("registers a job from segmentReady and shows the device worker's claim and result live", async () => {
    const segment = { ...examples.segmentReady, id: uuidv7(), at: Date.now(), seq: 1, segment: "seg-live" };
    await device.publishAsync(topicFor("segmentReady", cam), JSON.stringify(segment), { qos: 1 });
    await until(() => seen.some((j) => j.status === "pending"));
    expect(seen[0]).toMatchObject({ ...cam, segment: "seg-live", provider: "builtin", place: "device" });

    const claimed = await work("claim", { workerId: "d1-worker", providers: ["builtin"] });
    expect(claimed.status).toBe(200);
    const id = claimed.json.job?.id as string;
    expect(claimed.json.job).toMatchObject({ status: "processing", segment: "seg-live" });
    const done = await work(`${id}/complete`, { workerId: "d1-worker", result: result() });
    expect(done.json.job?.status).toBe("completed");
    await until(() => seen.some((j) => j.status === "completed"));
    expect(seen.map((j) => j.status)).toEqual(["pending", "processing", "completed"]);
  });
});
