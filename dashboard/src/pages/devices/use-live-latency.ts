import type { ServerHello } from "@sitewatch/shared-protocol";
import { useEffect, useRef, useState } from "react";
import { useLive } from "../../app/app-context.js";
import { subscribeLive } from "../../live/subscribe-live.js";
import { LiveLatency } from "./live-latency.js";

/**
 * Follows the site's live seat changes and measures camera → this dashboard per device (see
 * LiveLatency). The hub greets each connection with `server:hello`; the live connection keeps the
 * clock offset from it, and this page follows later greetings (reconnects) itself. Before the first
 * greeting the figures are on the browser's own clock and say so.
 */
export function useLiveLatency(site: string): LiveLatency {
  const live = useLive();
  const latency = useRef(new LiveLatency());
  const [, rendered] = useState(0);

  useEffect(() => {
    const known = live.hubClockOffsetMs;
    if (known !== undefined) latency.current.hubTime(Date.now() + known, Date.now());
    const hello = (h: ServerHello) => latency.current.hubTime(h.serverTime, Date.now());
    live.socket.on("server:hello", hello);
    const off = subscribeLive(live.socket, "seat:change", (e) => {
      // Taken first, before any rendering work, so the figure is the network's and the hub's.
      const receivedAt = Date.now();
      if (e.site !== site) return;
      if (latency.current.observe(e.device, e.data.capturedAt, receivedAt)) rendered((n) => n + 1);
    });
    return () => {
      live.socket.off("server:hello", hello);
      off();
    };
  }, [live, site]);

  return latency.current;
}
