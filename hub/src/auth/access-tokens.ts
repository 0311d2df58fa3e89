import { errors, jwtVerify, SignJWT } from "jose";
import { ApiError } from "../errors/api-error.js";

const ISSUER = "sitewatch-hub";
const AUDIENCE = "sitewatch";
// Hub instances sharing the secret may disagree on the time by a few seconds.
const CLOCK_TOLERANCE_S = 30;

export interface AccessClaims {
  userId: string;
  role: "admin" | "site_manager";
}

/**
 * Short-lived HS256 JWTs. Only HS256 is accepted, so `alg: none` and algorithm-swap forgeries fail; a
 * token must name its user and when it was issued and expires, and is refused once older than the
 * access TTL whatever its `exp` says, so no signed token lives forever.
 */
export class AccessTokens {
  constructor(
    private readonly secret: Uint8Array,
    readonly ttlS: number,
  ) {}

  async sign(claims: AccessClaims, now = Date.now()): Promise<string> {
    const iat = Math.floor(now / 1000);
    return new SignJWT({ role: claims.role, typ: "access" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlS)
      .sign(this.secret);
  }

  /** Returns the user id; throws UNAUTHENTICATED with a reason a client can act on. */
  async verify(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ["sub", "iat", "exp"],
        maxTokenAge: this.ttlS,
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      if (payload.typ !== "access" || typeof payload.sub !== "string") {
        throw new ApiError("UNAUTHENTICATED", "not an access token");
      }
      return payload.sub;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (err instanceof errors.JWTExpired) throw new ApiError("UNAUTHENTICATED", "access token expired");
      throw new ApiError("UNAUTHENTICATED", "invalid access token");
    }
  }
}
