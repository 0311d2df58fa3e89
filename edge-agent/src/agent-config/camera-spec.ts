import { type CameraRole, cameraRoleSchema, cameraRoles } from "@sitewatch/shared-protocol";
import type { AgentConfigInput } from "./agent-config-schema.js";

export type CameraInput = NonNullable<AgentConfigInput["cameras"]>[number];

const OPTION = /,(role|interval|id|maxWidth)=([^,]*)$/;

/**
 * `name=url[,role=seats][,interval=3000][,id=cam-1][,maxWidth=1280]` → a camera entry. Options are
 * peeled off the end, so a URL may itself contain `=` or `,` as long as no option name follows a comma.
 * Throws a one-line Error naming the problem; ranges are checked later by the config schema.
 */
export function parseCameraSpec(spec: string): CameraInput {
  let rest = spec;
  const options: Record<string, string> = {};
  for (let m = OPTION.exec(rest); m; m = OPTION.exec(rest)) {
    const [, key = "", value = ""] = m;
    if (key in options) throw new Error(`--camera ${spec}: ${key} given twice`);
    options[key] = value;
    rest = rest.slice(0, m.index);
  }
  const eq = rest.indexOf("=");
  if (eq < 1 || eq === rest.length - 1)
    throw new Error(`--camera ${spec}: expected name=url[,role=…][,interval=…]`);
  const name = rest.slice(0, eq).trim();
  const url = rest.slice(eq + 1).trim();
  const camera: CameraInput =
    options.role === undefined
      ? { id: options.id ?? "", name, url }
      : { id: options.id ?? "", name, url, role: role(spec, options.role) };
  if (options.interval !== undefined) camera.intervalMs = wholeNumber(spec, "interval", options.interval);
  if (options.maxWidth !== undefined) camera.maxWidth = wholeNumber(spec, "maxWidth", options.maxWidth);
  return camera;
}

function role(spec: string, value: string): CameraRole {
  const parsed = cameraRoleSchema.safeParse(value);
  if (!parsed.success) throw new Error(`--camera ${spec}: role must be one of ${cameraRoles.join(", ")}`);
  return parsed.data;
}

function wholeNumber(spec: string, key: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`--camera ${spec}: ${key} must be a whole number`);
  return n;
}

/** A topic-safe camera id from its name ("Front room" → "front-room"), unique among `taken`. */
export function cameraIdFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 56) || "cam";
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** Fills in missing ids so every camera has a unique one. */
export function assignCameraIds(cameras: CameraInput[]): CameraInput[] {
  const taken = new Set(cameras.map((c) => c.id).filter(Boolean));
  return cameras.map((c) => {
    if (c.id) return c;
    const id = cameraIdFor(c.name, taken);
    taken.add(id);
    return { ...c, id };
  });
}
