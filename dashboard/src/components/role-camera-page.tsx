import type { Camera, CameraList } from "@sitewatch/hub/api-types";
import type { CameraRole } from "@sitewatch/shared-protocol";
import { Fragment, type ReactNode, useState } from "react";
import { useApi, useSite } from "../app/app-context.js";
import { LoadState } from "../app/load-state.js";
import { useResource } from "../app/use-resource.js";

const keyOf = (c: Camera) => `${c.device}/${c.id}`;

export interface RoleCameraPageProps<C extends Camera> {
  /** Only cameras of this role are offered: the hub refuses a role's settings on any other camera. */
  cameraRole: CameraRole;
  className: string;
  title: string;
  noCameras: string;
  cameraLabel: string;
  /** The editor of the chosen camera; it is keyed by camera, so switching starts a fresh one. */
  children: (camera: C) => ReactNode;
}

/**
 * A settings page for one role's cameras: loads the site's cameras, offers those of `cameraRole` in a picker
 * (device / name (id)) and renders the editor of the chosen one. The seat editor and the gate settings
 * share it.
 */
export function RoleCameraPage<C extends Camera>({
  cameraRole,
  className,
  title,
  noCameras,
  cameraLabel,
  children,
}: RoleCameraPageProps<C>) {
  const api = useApi();
  const { site } = useSite();
  const cameras = useResource(() => api.get<CameraList>(`/api/v1/sites/${site.id}/cameras`), [api, site.id]);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const list = (cameras.data?.cameras.filter((c) => c.role === cameraRole) ?? []) as C[];
  const camera = list.find((c) => keyOf(c) === chosen) ?? list[0];
  const titleId = `${className}-title`;
  return (
    <section className={className} aria-labelledby={titleId}>
      <h1 id={titleId}>{title}</h1>
      {!cameras.data ? (
        <LoadState resource={cameras} />
      ) : !camera ? (
        <p className="empty">{noCameras}</p>
      ) : (
        <>
          <label className="camera-picker">
            {cameraLabel}
            <select value={keyOf(camera)} onChange={(e) => setChosen(e.target.value)}>
              {list.map((c) => (
                <option key={keyOf(c)} value={keyOf(c)}>
                  {c.device} / {c.name} ({c.id})
                </option>
              ))}
            </select>
          </label>
          {/* Keyed: another camera starts a fresh editor instead of carrying over unsaved edits. */}
          <Fragment key={keyOf(camera)}>{children(camera)}</Fragment>
        </>
      )}
    </section>
  );
}
