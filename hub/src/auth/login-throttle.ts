import type { HubConfig } from "../config.js";
import { ApiError } from "../errors/api-error.js";
import { addressKey } from "./address-key.js";
import { FailureThrottle, type ThrottleCheck } from "./failure-throttle.js";
import { GateBusyError, verifyPassword } from "./passwords.js";

export type LoginThrottleConfig = NonNullable<HubConfig["loginThrottle"]>;

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleConfig = {
  maxFailures: 5,
  addressMaxFailures: 20,
  windowMs: 15 * 60_000,
  lockoutMs: 60_000,
  maxLockoutMs: 60 * 60_000,
};

// Bounds the memory an attacker can make us spend by trying many e-mails or addresses.
const MAX_KEYS = 10_000;
// A saturated hasher clears within a second or two; a client may try again then.
const BUSY_RETRY_S = 1;

export type ThrottleReason = "account" | "address" | "busy";

/** 429 RATE_LIMITED with the seconds to wait; the login route turns them into Retry-After. */
export class LoginThrottledError extends ApiError {
  constructor(
    readonly reason: ThrottleReason,
    readonly retryAfterS: number,
  ) {
    super(
      "RATE_LIMITED",
      reason === "busy"
        ? `too many logins are being checked right now; try again in ${retryAfterS} s`
        : `too many failed logins ${reason === "account" ? "for this account" : "from this address"}; try again in ${retryAfterS} s`,
      { retryAfterS },
    );
  }
}

/**
 * Login throttling for people: failed logins are counted per account (the e-mail as typed, known or
 * not, so a lockout reveals nothing about which accounts exist) and per client address. Past the limit
 * the key is locked out (doubling each time); a locked-out login is refused before any database lookup
 * or hashing, even with the right password, until the lockout ends. A success clears the account's
 * count; the address keeps its count, so a valid account does not buy an attacker more guesses.
 */
export class LoginThrottle {
  private readonly accounts: FailureThrottle;
  private readonly addresses: FailureThrottle;

  constructor(config: LoginThrottleConfig = DEFAULT_LOGIN_THROTTLE, now: () => number = Date.now) {
    const shared = {
      windowMs: config.windowMs,
      lockoutMs: config.lockoutMs,
      maxLockoutMs: config.maxLockoutMs,
      maxEntries: MAX_KEYS,
    };
    this.accounts = new FailureThrottle({ ...shared, maxFailures: config.maxFailures }, now);
    this.addresses = new FailureThrottle({ ...shared, maxFailures: config.addressMaxFailures }, now);
  }

  /** Throws LoginThrottledError while the account or the address is locked out. */
  assertOpen(account: string, address: string | undefined): void {
    refuseIfLocked("account", this.accounts.check(account));
    refuseIfLocked("address", this.addresses.check(addressKey(address)));
  }

  /**
   * verifyPassword behind the throttle: the lockout is checked again when the hash is admitted (a
   * lockout may have begun while this request waited), and a saturated hasher answers "busy".
   */
  async verify(account: string, address: string | undefined, password: string, stored: string) {
    try {
      return await verifyPassword(password, stored, {
        whenAdmitted: () => this.assertOpen(account, address),
      });
    } catch (err) {
      if (err instanceof GateBusyError) throw new LoginThrottledError("busy", BUSY_RETRY_S);
      throw err;
    }
  }

  failed(account: string, address: string | undefined): void {
    this.accounts.fail(account);
    this.addresses.fail(addressKey(address));
  }

  succeeded(account: string): void {
    this.accounts.succeed(account);
  }
}

function refuseIfLocked(reason: ThrottleReason, check: ThrottleCheck): void {
  if (!check.allowed)
    throw new LoginThrottledError(reason, Math.max(1, Math.ceil(check.retryAfterMs / 1000)));
}
