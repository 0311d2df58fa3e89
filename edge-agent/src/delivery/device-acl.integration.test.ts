import { deviceTopicPrefix } from "@sitewatch/shared-protocol";
import { startAedes } from "@sitewatch/testkit";
import { describe, expect, it } from "vitest";
import {
  address,
  availability,
  onCleanup,
  range,
  seqs,
  startAgent,
  subscriber,
  tempDir,
  until,
} from "./delivery.test-support.js";

const USERNAME = "site-1.edge-1";
const PASSWORD = "device-secret";
const prefix = deviceTopicPrefix(address);

describe("device credentials and topic prefix", () => {
  it("logs in like the hub expects and never leaves its own topic prefix", async () => {
    const violations: string[] = [];
    const logins: string[] = [];
    // The hub's rules, reproduced: username <site>.<device>, clientId = username, own prefix only.
    const broker = await startAedes({
      authenticate: (client, username, password, done) => {
        if (username === "hub") return done(null, true);
        logins.push(`${client.id} ${username}`);
        done(null, username === USERNAME && client.id === USERNAME && password?.toString() === PASSWORD);
      },
      authorizePublish: (client, packet, callback) => {
        if (client?.id !== USERNAME || packet.topic.startsWith(prefix)) return callback(null);
        violations.push(`publish ${packet.topic}`);
        callback(new Error("outside prefix"));
      },
      authorizeSubscribe: (client, sub, callback) => {
        if (client?.id !== USERNAME || sub.topic.startsWith(prefix)) return callback(null, sub);
        violations.push(`subscribe ${sub.topic}`);
        callback(new Error("outside prefix"));
      },
    });
    onCleanup(() => broker.stop());
    const sub = await subscriber(broker.url, { username: "hub" });
    const agent = startAgent(tempDir(), broker.url, { password: PASSWORD });
    for (let i = 1; i <= 5; i++) agent.seatChange(i);
    await until("5 events", () => seqs(sub.messages).length >= 5);
    expect(seqs(sub.messages)).toEqual(range(1, 5));
    expect(logins).toEqual([`${USERNAME} ${USERNAME}`]);
    await agent.close();
    await until("offline", () => availability(sub.messages).at(-1) === "offline");
    expect(violations).toEqual([]);
  });

  it("keeps events on disk while the broker rejects its credentials", async () => {
    const broker = await startAedes({
      authenticate: (_c, username, _p, done) => done(null, username === "hub"),
    });
    onCleanup(() => broker.stop());
    const agent = startAgent(tempDir(), broker.url, { password: "wrong" });
    for (let i = 1; i <= 3; i++) agent.seatChange(i);
    await new Promise((r) => setTimeout(r, 500)); // several refused attempts
    expect(agent.publisher.connected).toBe(false);
    expect(agent.outbox.stats().depth).toBe(3);
  });
});
