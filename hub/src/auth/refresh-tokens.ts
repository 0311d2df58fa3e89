import { uuidv7 } from "@sitewatch/shared-protocol";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { refreshTokens } from "../db/schema/index.js";
import { ApiError } from "../errors/api-error.js";
import type { Logger } from "../observability/logger.js";
import { newSecret, sha256 } from "./passwords.js";

/**
 * Opaque refresh tokens, stored as SHA-256. Each use marks the token used and issues a successor in the same
 * family; presenting a used token again means someone kept a copy, so the whole family (that login) is revoked.
 */
export class RefreshTokenStore {
  constructor(
    private readonly db: Db,
    private readonly ttlS: number,
    private readonly logger: Logger,
  ) {}

  async issue(userId: string, family: string = uuidv7()): Promise<string> {
    const token = newSecret("swr");
    await this.db.insert(refreshTokens).values({
      id: uuidv7(),
      userId,
      family,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + this.ttlS * 1000),
    });
    return token;
  }

  /** Consumes `token` and returns its user with a fresh token of the same family. */
  async rotate(token: string): Promise<{ userId: string; token: string }> {
    const [row] = await this.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(token)));
    if (!row) throw new ApiError("UNAUTHENTICATED", "unknown refresh token");
    if (row.revokedAt) throw new ApiError("UNAUTHENTICATED", "refresh token was revoked; log in again");
    if (row.usedAt) return this.reuseDetected(row.family, row.userId);
    if (row.expiresAt.getTime() <= Date.now()) throw new ApiError("UNAUTHENTICATED", "refresh token expired");
    // Conditional update: of two concurrent refreshes with the same token only one wins; the other is a reuse.
    const claimed = await this.db
      .update(refreshTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    if (claimed.length === 0) return this.reuseDetected(row.family, row.userId);
    return { userId: row.userId, token: await this.issue(row.userId, row.family) };
  }

  /** Logout: revokes the family of `token` if it belongs to `userId`; returns whether anything matched. */
  async revokeFamilyOf(token: string, userId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ family: refreshTokens.family, userId: refreshTokens.userId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(token)));
    if (!row || row.userId !== userId) return false;
    await this.revokeFamily(row.family);
    return true;
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  }

  private async revokeFamily(family: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.family, family), isNull(refreshTokens.revokedAt)));
  }

  private async reuseDetected(family: string, userId: string): Promise<never> {
    await this.revokeFamily(family);
    this.logger.warn({ userId, family }, "refresh token reused: revoked every token of this login");
    throw new ApiError(
      "UNAUTHENTICATED",
      "refresh token was already used; every session of this login was revoked, log in again",
    );
  }
}
