import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { LoginThrottledError } from "../../auth/login-throttle.js";
import { getUser } from "../../auth/users.js";
import { ApiError } from "../../errors/api-error.js";
import type { App, HttpDeps } from "../app-types.js";
import { principalOf } from "../guards.js";
import { remoteAddress } from "../middleware/request-context.js";
import {
  ChangePasswordBody,
  LoginBody,
  MeSchema,
  RefreshBody,
  SessionSchema,
  userView,
} from "../schemas/auth.js";
import { bearer, body, ErrorBody, errors, json, noAuth, OkBody } from "../schemas/common.js";

const tags = ["auth"];

const login = createRoute({
  method: "post",
  path: "/api/v1/auth/login",
  tags,
  summary: "Log in with e-mail and password",
  description:
    "Failed logins are counted per account and per client address; past the limit (LOGIN_MAX_FAILURES, " +
    "LOGIN_ADDRESS_MAX_FAILURES within LOGIN_WINDOW_S) further attempts get 429 until the lockout ends, " +
    "even with the right password. Lockouts double each time; a successful login resets the account's.",
  security: noAuth,
  request: { body: body(LoginBody) },
  responses: {
    200: json(SessionSchema, "Access and refresh tokens"),
    ...errors(400, 401),
    429: {
      ...json(ErrorBody, "Locked out after failed logins, or too many logins being checked (RATE_LIMITED)"),
      headers: z.object({
        "Retry-After": z.string().openapi({ description: "Seconds to wait", example: "60" }),
      }),
    },
  },
});

const refresh = createRoute({
  method: "post",
  path: "/api/v1/auth/refresh",
  tags,
  summary: "Trade a refresh token for new tokens",
  description:
    "Refresh tokens rotate: each one works once. Presenting a used one again revokes every token of that login.",
  security: noAuth,
  request: { body: body(RefreshBody) },
  responses: { 200: json(SessionSchema, "New access and refresh tokens"), ...errors(400, 401) },
});

const logout = createRoute({
  method: "post",
  path: "/api/v1/auth/logout",
  tags,
  summary: "End a login (revokes its refresh token and every rotation of it)",
  security: bearer,
  request: { body: body(RefreshBody) },
  responses: { 200: json(OkBody, "Logged out"), ...errors(400, 401, 404) },
});

const me = createRoute({
  method: "get",
  path: "/api/v1/auth/me",
  tags,
  summary: "Who am I",
  security: bearer,
  responses: { 200: json(MeSchema, "The caller"), ...errors(401) },
});

const changePassword = createRoute({
  method: "post",
  path: "/api/v1/auth/password",
  tags,
  summary: "Change your own password",
  description:
    "Needs the current password (wrong ones count as failed logins, with the same 429 lockout). Clears " +
    "mustChangePassword, ends every other login of yours and returns a fresh session for this one.",
  security: bearer,
  request: { body: body(ChangePasswordBody) },
  responses: {
    200: json(SessionSchema, "New access and refresh tokens"),
    ...errors(400, 401, 403),
    429: json(ErrorBody, "Locked out after wrong current passwords (RATE_LIMITED)"),
  },
});

export function registerAuthRoutes(app: App, { auth, metrics, database }: HttpDeps): void {
  // Lockouts answer with Retry-After, set on the context so the error handler's response carries it.
  const throttled = (c: Context, err: unknown) => {
    if (!(err instanceof LoginThrottledError)) return;
    metrics.authThrottled.inc({ scope: "login", reason: err.reason });
    c.header("Retry-After", String(err.retryAfterS));
  };

  app.openapi(login, async (c) => {
    const { email, password } = c.req.valid("json");
    try {
      const session = await auth.login(email, password, { address: remoteAddress(c) });
      return c.json({ ...session, user: userView(session.user) }, 200);
    } catch (err) {
      throttled(c, err);
      throw err;
    }
  });

  app.openapi(changePassword, async (c) => {
    try {
      const session = await auth.changePassword(principalOf(c), c.req.valid("json"), {
        address: remoteAddress(c),
      });
      return c.json({ ...session, user: userView(session.user) }, 200);
    } catch (err) {
      throttled(c, err);
      throw err;
    }
  });

  app.openapi(refresh, async (c) => {
    const session = await auth.refresh(c.req.valid("json").refreshToken);
    return c.json({ ...session, user: userView(session.user) }, 200);
  });

  app.openapi(logout, async (c) => {
    await auth.logout(principalOf(c), c.req.valid("json").refreshToken);
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(me, async (c) => {
    const p = principalOf(c);
    const user = await getUser(database.db, p.userId);
    if (!user) throw new ApiError("UNAUTHENTICATED", "the account no longer exists");
    const sites: "all" | string[] = p.sites === "all" ? "all" : [...p.sites];
    const { mustChangePassword } = user;
    return c.json(
      {
        userId: p.userId,
        email: p.email,
        role: p.role,
        sites,
        via: p.via,
        scope: p.scope,
        mustChangePassword,
      },
      200,
    );
  });
}
