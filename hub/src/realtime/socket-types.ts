import type { CameraAddress, ClientToServerEvents, ServerToClientEvents } from "@sitewatch/shared-protocol";
import type { Server, Socket } from "socket.io";
import type { Principal } from "../auth/principal.js";

/** What the hub keeps per connection; set by the handshake middleware before `connection` fires. */
export interface SocketData {
  /** As resolved at the handshake, for logs; requests re-resolve the credential (see socket-access.ts). */
  principal: Principal;
  connectedAt: number;
  /** When the handshake's access token expires (JWTs only; API tokens are revoked explicitly). */
  expiresAt?: number;
}

// Hub instances only talk to each other through the adapter, never with custom server-side events.
type InterServerEvents = Record<string, never>;

export type HubIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Every dashboard of a site listens here: seat changes, gate entries, device status, alerts. */
export function siteRoom(site: string): string {
  return `site:${site}`;
}

/** Only viewers of one camera's live view listen here, because frames are large. */
export function cameraRoom(address: CameraAddress): string {
  return `camera:${address.site}/${address.device}/${address.camera}`;
}

/** Every connection of one user, so a change to their access finds them on any hub instance. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** The site a site or camera room belongs to; undefined for other rooms (the socket's own, users'). */
export function siteOfRoom(room: string): string | undefined {
  if (room.startsWith("site:")) return room.slice("site:".length);
  if (room.startsWith("camera:")) return room.slice("camera:".length).split("/")[0];
  return undefined;
}
