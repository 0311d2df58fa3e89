/** Who is calling: resolved from a JWT or an API token by the REST middleware and the Socket.IO handshake. */
export interface Principal {
  userId: string;
  email: string;
  role: "admin" | "site_manager";
  /** Sites the caller may see; admins see every site. */
  sites: "all" | readonly string[];
  via: "jwt" | "api-token";
}

export interface Authenticator {
  /** Resolves a bearer credential (JWT access token or API token); throws ApiError UNAUTHENTICATED. */
  authenticate(bearer: string): Promise<Principal>;
}

export function canSeeSite(principal: Principal, siteId: string): boolean {
  return principal.sites === "all" || principal.sites.includes(siteId);
}
