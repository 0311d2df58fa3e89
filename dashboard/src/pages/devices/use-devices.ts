import type { Device, DeviceList } from "@sitewatch/hub/api-types";
import { useEffect, useRef } from "react";
import { useApi, useLive } from "../../app/app-context.js";
import { type Resource, useResource } from "../../app/use-resource.js";
import { subscribeLive } from "../../live/subscribe-live.js";
import { applyAvailability, applyCameraStatus, applyHealth, type LiveDevice } from "./device-updates.js";

/**
 * The site's devices over REST, kept live by `device:availability`, `device:health` and
 * `camera:status`. An event from a device not in the list (enrolled since) loads that device.
 */
export function useDevices(site: string): Resource<LiveDevice[]> {
  const api = useApi();
  const live = useLive();
  const base = `/api/v1/sites/${encodeURIComponent(site)}/devices`;
  const resource = useResource<LiveDevice[]>(
    () => api.get<DeviceList>(base).then((r) => r.devices),
    [api, base],
  );
  const { mutate } = resource;
  const known = useRef(new Set<string>());
  known.current = new Set((resource.data ?? []).map((d) => d.id));
  const loading = useRef(new Set<string>());

  useEffect(() => {
    const fetchNew = (device: string) => {
      if (known.current.has(device) || loading.current.has(device)) return;
      loading.current.add(device);
      api.get<Device>(`${base}/${encodeURIComponent(device)}`).then(
        (d) => {
          loading.current.delete(device);
          mutate((list) =>
            list?.some((x) => x.id === d.id)
              ? list
              : [...(list ?? []), d].sort((a, b) => a.id.localeCompare(b.id)),
          );
        },
        () => loading.current.delete(device),
      );
    };
    const offs = [
      subscribeLive(live.socket, "device:availability", (e) => {
        if (e.site !== site) return;
        fetchNew(e.device);
        mutate((list) => list && applyAvailability(list, e, Date.now()));
      }),
      subscribeLive(live.socket, "device:health", (e) => {
        if (e.site !== site) return;
        fetchNew(e.device);
        mutate((list) => list && applyHealth(list, e, Date.now()));
      }),
      subscribeLive(live.socket, "camera:status", (e) => {
        if (e.site === site) mutate((list) => list && applyCameraStatus(list, e));
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [api, base, live, site, mutate]);

  return resource;
}
