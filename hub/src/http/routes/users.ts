import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { newOneTimePassword } from "../../auth/passwords.js";
import { createUser, getUser, listUsers, updateUser } from "../../auth/users.js";
import { users } from "../../db/schema/index.js";
import { ApiError, notFound } from "../../errors/api-error.js";
import type { App, HttpDeps } from "../app-types.js";
import { requireAdmin } from "../guards.js";
import {
  CreatedUserSchema,
  CreateUserBody,
  PasswordResetSchema,
  UpdateUserBody,
  UserListSchema,
  UserSchema,
  userView,
} from "../schemas/auth.js";
import { bearer, body, errors, json, OkBody, uuidParam } from "../schemas/common.js";

const tags = ["users"];
const UserParams = z.object({ user: uuidParam("user") });

const list = createRoute({
  method: "get",
  path: "/api/v1/users",
  tags,
  summary: "List users (admin)",
  security: bearer,
  responses: { 200: json(UserListSchema, "Every user"), ...errors(401, 403) },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/users",
  tags,
  summary: "Create or invite a user (admin)",
  description:
    "Without `password` this is an invitation: the hub makes a one-time password, returns it once as " +
    "`oneTimePassword` and the user must change it at first login (mustChangePassword).",
  security: bearer,
  request: { body: body(CreateUserBody) },
  responses: { 201: json(CreatedUserSchema, "The new user"), ...errors(400, 401, 403, 409) },
});

const resetPassword = createRoute({
  method: "post",
  path: "/api/v1/users/{user}/reset-password",
  tags,
  summary: "Give a user a new one-time password (admin)",
  description:
    "The password is returned once; the user must change it at their next login. Their refresh tokens " +
    "are revoked, so their open logins end within one access-token lifetime.",
  security: bearer,
  request: { params: UserParams },
  responses: {
    200: json(PasswordResetSchema, "The user and the one-time password"),
    ...errors(400, 401, 403, 404),
  },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/users/{user}",
  tags,
  summary: "Get a user (admin)",
  security: bearer,
  request: { params: UserParams },
  responses: { 200: json(UserSchema, "The user"), ...errors(400, 401, 403, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/api/v1/users/{user}",
  tags,
  summary: "Change a user's role, sites, name, password or disabled flag (admin)",
  description:
    "Disabling a user also revokes their refresh tokens; their API tokens stop working too. A password " +
    "set for someone else counts as a reset: they must change it at their next login.",
  security: bearer,
  request: { params: UserParams, body: body(UpdateUserBody) },
  responses: { 200: json(UserSchema, "The updated user"), ...errors(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/users/{user}",
  tags,
  summary: "Delete a user (admin)",
  security: bearer,
  request: { params: UserParams },
  responses: { 200: json(OkBody, "Deleted"), ...errors(400, 401, 403, 404, 409) },
});

export function registerUserRoutes(app: App, { database, auth }: HttpDeps): void {
  const { db } = database;

  app.openapi(list, async (c) => {
    requireAdmin(c);
    return c.json({ users: (await listUsers(db)).map(userView) }, 200);
  });

  app.openapi(create, async (c) => {
    requireAdmin(c);
    const { password, ...input } = c.req.valid("json");
    if (password !== undefined) return c.json(userView(await createUser(db, { ...input, password })), 201);
    const oneTimePassword = newOneTimePassword();
    const user = await createUser(db, { ...input, password: oneTimePassword, mustChangePassword: true });
    return c.json({ ...userView(user), oneTimePassword }, 201);
  });

  app.openapi(resetPassword, async (c) => {
    requireAdmin(c);
    const reset = await auth.resetPassword(c.req.valid("param").user);
    if (!reset) throw notFound("user");
    return c.json({ user: userView(reset.user), oneTimePassword: reset.oneTimePassword }, 200);
  });

  app.openapi(get, async (c) => {
    requireAdmin(c);
    const user = await getUser(db, c.req.valid("param").user);
    if (!user) throw notFound("user");
    return c.json(userView(user), 200);
  });

  app.openapi(update, async (c) => {
    const me = requireAdmin(c);
    const id = c.req.valid("param").user;
    const patch = c.req.valid("json");
    if (id === me.userId && (patch.disabled === true || patch.role === "site_manager")) {
      throw new ApiError("CONFLICT", "you cannot disable or demote yourself; ask another admin");
    }
    const mustChangePassword = patch.password !== undefined && id !== me.userId;
    const user = await updateUser(db, id, { ...patch, mustChangePassword });
    if (!user) throw notFound("user");
    if (patch.disabled === true || patch.password !== undefined) await auth.revokeSessionsOf(id);
    // Their open Socket.IO connections close (disabled) or leave the sites they lost, at once.
    auth.accessEvents.emit({ kind: "user", userId: id });
    return c.json(userView(user), 200);
  });

  app.openapi(remove, async (c) => {
    const me = requireAdmin(c);
    const id = c.req.valid("param").user;
    if (id === me.userId) throw new ApiError("CONFLICT", "you cannot delete yourself; ask another admin");
    const deleted = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
    if (deleted.length === 0) throw notFound("user");
    auth.accessEvents.emit({ kind: "user", userId: id });
    return c.json({ ok: true as const }, 200);
  });
}
