import type { AlertList } from "@sitewatch/hub/api-types";
import type { HubAlert } from "@sitewatch/shared-protocol";
import { useCallback, useEffect } from "react";
import { useApi, useLive, useSession } from "../../../app/app-context.js";
import { type Resource, useResource } from "../../../app/use-resource.js";

function upsert(list: HubAlert[] | undefined, alert: HubAlert): HubAlert[] {
  const rest = (list ?? []).filter((a) => a.id !== alert.id);
  return [...rest, alert].sort((a, b) => a.since - b.since);
}

export interface Alerts {
  resource: Resource<HubAlert[]>;
  acknowledge(id: string): Promise<void>;
}

const ACK_TIMEOUT_MS = 5_000;

/**
 * The site's open alerts: loaded over REST (again after a reconnect), kept current by `alert:raised`
 * (also re-sent when someone acknowledges) and `alert:resolved`. REST lists the same objects the socket
 * pushes, so both go into one list as they are. Acknowledging goes over the socket when it is connected
 * and over REST otherwise.
 */
export function useAlerts(site: string): Alerts {
  const api = useApi();
  const live = useLive();
  const session = useSession();
  const resource = useResource(
    () =>
      api
        .get<AlertList>(`/api/v1/sites/${encodeURIComponent(site)}/alerts`, { state: "open" })
        .then((r) => r.alerts),
    [api, site],
  );
  const { mutate } = resource;

  useEffect(() => {
    const raised = (a: HubAlert) => {
      if (a.site === site) mutate((list) => upsert(list, a));
    };
    const resolved = (a: HubAlert) => {
      if (a.site === site) mutate((list) => list?.filter((x) => x.id !== a.id));
    };
    live.socket.on("alert:raised", raised);
    live.socket.on("alert:resolved", resolved);
    return () => {
      live.socket.off("alert:raised", raised);
      live.socket.off("alert:resolved", resolved);
    };
  }, [live, site, mutate]);

  const acknowledge = useCallback(
    async (id: string) => {
      if (live.socket.connected) {
        const result = await live.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("alert:acknowledge", { id });
        if (!result.ok) throw new Error(result.error.message);
        // The hub re-sends the alert with who acknowledged it; show it at once anyway.
        const by = session?.user.email;
        mutate((list) =>
          list?.map((a) =>
            a.id === id && a.acknowledgedAt === undefined
              ? { ...a, acknowledgedAt: Date.now(), ...(by ? { acknowledgedBy: by } : {}) }
              : a,
          ),
        );
        return;
      }
      const path = `/api/v1/sites/${encodeURIComponent(site)}/alerts/${encodeURIComponent(id)}/acknowledge`;
      const alert = await api.post<HubAlert>(path);
      mutate((list) => upsert(list, alert));
    },
    [api, live, site, mutate, session],
  );

  return { resource, acknowledge };
}
