import { uuidv7 } from "@sitewatch/shared-protocol";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { apiTokens } from "../db/schema/index.js";
import type { Logger } from "../observability/logger.js";
import { newSecret, sha256 } from "./passwords.js";
import type { ApiTokenScope } from "./principal.js";

export const API_TOKEN_PREFIX = "sw_";
// Writing last_used_at on every request would turn reads into writes; a minute of precision is plenty.
const LAST_USED_PRECISION_MS = 60_000;

export interface ApiTokenView {
  id: string;
  name: string;
  scope: ApiTokenScope;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Long-lived `sw_…` tokens for scripts. Only the SHA-256 is stored; the secret is shown once, at creation. */
export class ApiTokenStore {
  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  async create(
    userId: string,
    name: string,
    expiresAt: Date | null,
    scope: ApiTokenScope = "admin",
  ): Promise<{ token: string; view: ApiTokenView }> {
    const token = newSecret("sw");
    const [row] = await this.db
      .insert(apiTokens)
      .values({ id: uuidv7(), userId, name, tokenHash: sha256(token), expiresAt, scope })
      .returning();
    if (!row) throw new Error("api token insert returned no row");
    return { token, view: view(row) };
  }

  async list(userId: string): Promise<ApiTokenView[]> {
    const rows = await this.db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .orderBy(desc(apiTokens.createdAt));
    return rows.map(view);
  }

  /** Revokes one of the user's own tokens; false when there is no such (unrevoked) token. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  }

  /** The owner and scope of a valid token, or a reason it is refused. */
  async resolve(token: string): Promise<{ userId: string; scope: ApiTokenScope } | { refused: string }> {
    const [row] = await this.db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, sha256(token)));
    if (!row) return { refused: "unknown API token" };
    if (row.revokedAt) return { refused: "API token was revoked" };
    const now = Date.now();
    if (row.expiresAt && row.expiresAt.getTime() <= now) return { refused: "API token expired" };
    if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
      // Fire-and-forget: bookkeeping must not delay or fail the request it belongs to.
      this.db
        .update(apiTokens)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(apiTokens.id, row.id))
        .catch((err: unknown) => this.logger.warn({ err }, "could not record API token use"));
    }
    return { userId: row.userId, scope: row.scope };
  }
}

function view(row: typeof apiTokens.$inferSelect): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
