import { and, eq } from "drizzle-orm";
import type { HubConfig } from "../config.js";
import type { Database } from "../db/client.js";
import { users } from "../db/schema/index.js";
import { ApiError } from "../errors/api-error.js";
import { createHubEventBus, type HubEventBus } from "../events/domain-events.js";
import type { Logger } from "../observability/logger.js";
import { AccessEvents } from "./access-events.js";
import { AccessTokens } from "./access-tokens.js";
import { API_TOKEN_PREFIX, ApiTokenStore } from "./api-tokens.js";
import { loadJwtSecret } from "./jwt-secret.js";
import { LoginThrottle } from "./login-throttle.js";
import { hashPassword, needsRehash, newOneTimePassword } from "./passwords.js";
import type { Authenticator, Principal } from "./principal.js";
import { RefreshTokenStore } from "./refresh-tokens.js";
import { getUser, loadPrincipal, normaliseEmail, type UserView, updateUser } from "./users.js";

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserView;
}

export interface AuthServiceOptions {
  database: Database;
  config: Pick<HubConfig, "jwt" | "dataDir" | "loginThrottle">;
  logger: Logger;
  /** The hub's domain event bus, where access changes are published; a private one when omitted. */
  events?: HubEventBus;
}

const BAD_LOGIN = "invalid e-mail or password";

/**
 * Logins, JWT access tokens, rotating refresh tokens and API tokens. Every credential resolves to a
 * Principal loaded fresh from the database, so disabling a user or changing their sites applies at once.
 */
export class AuthService implements Authenticator {
  private access: AccessTokens | null = null;
  private refreshStore: RefreshTokenStore;
  readonly apiTokens: ApiTokenStore;
  /** Routes emit here after changing someone's access; open Socket.IO connections re-check at once. */
  readonly accessEvents: AccessEvents;
  // Unknown e-mails are checked against this hash, so they cost as much time as a wrong password.
  private decoyHash: Promise<string> | null = null;
  private readonly throttle: LoginThrottle;

  constructor(private readonly opts: AuthServiceOptions) {
    this.refreshStore = new RefreshTokenStore(opts.database.db, opts.config.jwt.refreshTtlS, opts.logger);
    this.apiTokens = new ApiTokenStore(opts.database.db, opts.logger);
    this.throttle = new LoginThrottle(opts.config.loginThrottle);
    this.accessEvents = new AccessEvents(opts.events ?? createHubEventBus({ logger: opts.logger }));
  }

  /** Loads (or creates) the signing secret; call once before serving requests. */
  async start(): Promise<void> {
    const secret = await loadJwtSecret({
      configured: this.opts.config.jwt.secret,
      dataDir: this.opts.config.dataDir,
      logger: this.opts.logger,
    });
    this.access = new AccessTokens(secret, this.opts.config.jwt.accessTtlS);
  }

  private get tokens(): AccessTokens {
    if (!this.access) throw new Error("AuthService.start() was not called");
    return this.access;
  }

  async authenticate(bearer: string): Promise<Principal> {
    let userId: string;
    let via: Principal["via"];
    // People's sessions are never restricted by scope: only API tokens can be made read-only.
    let scope: Principal["scope"] = "admin";
    if (bearer.startsWith(API_TOKEN_PREFIX)) {
      const resolved = await this.apiTokens.resolve(bearer);
      if ("refused" in resolved) throw new ApiError("UNAUTHENTICATED", resolved.refused);
      userId = resolved.userId;
      scope = resolved.scope;
      via = "api-token";
    } else {
      userId = await this.tokens.verify(bearer);
      via = "jwt";
    }
    const principal = await loadPrincipal(this.opts.database.db, userId, via, scope);
    if (!principal) throw new ApiError("UNAUTHENTICATED", "the account no longer exists or is disabled");
    return principal;
  }

  /**
   * E-mail + password login, throttled per account and per client address (see login-throttle.ts):
   * while either is locked out this throws LoginThrottledError (429) before any lookup or hashing.
   */
  async login(email: string, password: string, from: { address?: string } = {}): Promise<Session> {
    const account = normaliseEmail(email);
    this.throttle.assertOpen(account, from.address);
    const db = this.opts.database.db;
    const [user] = await db
      .select({ id: users.id, passwordHash: users.passwordHash, disabled: users.disabled })
      .from(users)
      .where(eq(users.email, account));
    if (!user) {
      this.decoyHash ??= hashPassword("decoy password that matches nothing");
      await this.throttle.verify(account, from.address, password, await this.decoyHash);
      this.throttle.failed(account, from.address);
      throw new ApiError("UNAUTHENTICATED", BAD_LOGIN);
    }
    if (!(await this.throttle.verify(account, from.address, password, user.passwordHash))) {
      this.throttle.failed(account, from.address);
      throw new ApiError("UNAUTHENTICATED", BAD_LOGIN);
    }
    this.throttle.succeeded(account);
    if (user.disabled) throw new ApiError("UNAUTHENTICATED", "this account is disabled");
    if (needsRehash(user.passwordHash)) {
      // Hashes from before today's scrypt parameters are replaced while the password is at hand.
      const fresh = await hashPassword(password);
      await db
        .update(users)
        .set({ passwordHash: fresh })
        .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)));
    }
    return this.session(user.id, await this.refreshStore.issue(user.id));
  }

  async refresh(refreshToken: string): Promise<Session> {
    const rotated = await this.refreshStore.rotate(refreshToken);
    return this.session(rotated.userId, rotated.token);
  }

  /** Ends the login that `refreshToken` belongs to (every rotation of it). */
  async logout(principal: Principal, refreshToken: string): Promise<void> {
    const found = await this.refreshStore.revokeFamilyOf(refreshToken, principal.userId);
    if (!found) throw new ApiError("NOT_FOUND", "refresh token not found for this user");
  }

  /**
   * A person changes their own password, proving the current one (throttled like a login, so a stolen
   * session cannot guess it). Every other login of theirs ends; the caller gets a fresh session.
   */
  async changePassword(
    principal: Principal,
    input: { currentPassword: string; newPassword: string },
    from: { address?: string } = {},
  ): Promise<Session> {
    if (input.newPassword === input.currentPassword)
      throw new ApiError("VALIDATION_FAILED", "the new password must differ from the current one");
    const db = this.opts.database.db;
    this.throttle.assertOpen(principal.email, from.address);
    const [user] = await db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, principal.userId));
    if (!user) throw new ApiError("UNAUTHENTICATED", "the account no longer exists");
    if (
      !(await this.throttle.verify(principal.email, from.address, input.currentPassword, user.passwordHash))
    ) {
      this.throttle.failed(principal.email, from.address);
      throw new ApiError("VALIDATION_FAILED", "the current password is not correct", [
        { path: "currentPassword", message: "not correct", code: "custom" },
      ]);
    }
    this.throttle.succeeded(principal.email);
    await updateUser(db, principal.userId, { password: input.newPassword, mustChangePassword: false });
    await this.refreshStore.revokeAllOf(principal.userId);
    return this.session(principal.userId, await this.refreshStore.issue(principal.userId));
  }

  /**
   * An admin's reset: a new one-time password (returned once), to be changed at the next login; the
   * user's refresh tokens are revoked, so their open logins end when the access token expires.
   */
  async resetPassword(userId: string): Promise<{ user: UserView; oneTimePassword: string } | null> {
    const oneTimePassword = newOneTimePassword();
    const user = await updateUser(this.opts.database.db, userId, {
      password: oneTimePassword,
      mustChangePassword: true,
    });
    if (!user) return null;
    await this.refreshStore.revokeAllOf(userId);
    return { user, oneTimePassword };
  }

  /** For disabling or deleting a user: their refresh tokens stop working at once. */
  revokeSessionsOf(userId: string): Promise<void> {
    return this.refreshStore.revokeAllOf(userId);
  }

  /** Signs an access token directly (CLI and tests). */
  signAccessToken(userId: string, role: Principal["role"], now?: number): Promise<string> {
    return this.tokens.sign({ userId, role }, now);
  }

  private async session(userId: string, refreshToken: string): Promise<Session> {
    const user = await getUser(this.opts.database.db, userId);
    if (!user || user.disabled)
      throw new ApiError("UNAUTHENTICATED", "the account no longer exists or is disabled");
    return {
      accessToken: await this.tokens.sign({ userId, role: user.role }),
      refreshToken,
      expiresIn: this.tokens.ttlS,
      user,
    };
  }
}
