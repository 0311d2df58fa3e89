import { afterEach, describe, expect, it, vi } from "vitest";
import {
  listenNotifySocket,
  type NotifySocket,
  notifyUnavailableReason,
} from "./notify-socket.test-support.js";
import { serviceNotifier } from "./service-notifier.js";

const unavailable = notifyUnavailableReason();
if (unavailable) console.warn(`systemd notify tests skipped: ${unavailable}`);
let socket: NotifySocket | undefined;

afterEach(() => socket?.close());

describe.skipIf(unavailable !== undefined)("systemd notifications", () => {
  it("sends readiness, watchdog pings at half the period, and stopping", async () => {
    socket = await listenNotifySocket();
    const notifier = serviceNotifier({ notifySocket: socket.path, watchdogUsec: 1_200_000 }, () => {});
    notifier.ready("running 2 camera(s)");
    await vi.waitFor(() => expect(socket?.messages).toContain("READY=1\nSTATUS=running 2 camera(s)"));
    await vi.waitFor(() => expect(socket?.messages).toContain("WATCHDOG=1"), { timeout: 3_000 });
    notifier.stopping();
    await vi.waitFor(() => expect(socket?.messages).toContain("STATUS=stopping\nSTOPPING=1"));
    notifier.close();
  });

  it("does nothing without NOTIFY_SOCKET, and says once when the notifier program is missing", async () => {
    const silent = serviceNotifier({}, () => {
      throw new Error("must not log");
    });
    silent.ready("x");
    const logged: string[] = [];
    const broken = serviceNotifier({ notifySocket: "/nonexistent" }, (m) => logged.push(m), "no-such-notify");
    broken.ready("x");
    broken.status("y");
    await vi.waitFor(() => expect(logged).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 200));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/cannot notify systemd \(no-such-notify\)/);
  });
});
