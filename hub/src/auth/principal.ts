/** Who is calling: resolved from a JWT or an API token by the REST middleware and the Socket.IO handshake. */
export interface Principal {
  userId: string;
  email: string;
  role: "admin" | "site_manager";
  /** Sites the caller may see; admins see every site. */
  sites: "all" | readonly string[];
  via: "jwt" | "api-token";
  /** "read" (API tokens made read-only) may only GET/HEAD; "admin" may do whatever the role allows. */
  scope: ApiTokenScope;
}

export type ApiTokenScope = "read" | "admin";

/** Whether the caller may send a request that changes something. */
export function mayWrite(principal: Principal): boolean {
  return principal.scope === "admin";
}

export interface Authenticator {
  /** Resolves a bearer credential (JWT access token or API token); throws ApiError UNAUTHENTICATED. */
  authenticate(bearer: string): Promise<Principal>;
}

export function canSeeSite(principal: Principal, siteId: string): boolean {
  return principal.sites === "all" || principal.sites.includes(siteId);
}
