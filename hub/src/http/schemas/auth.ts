import { z } from "@hono/zod-openapi";
import { siteIdSchema } from "@sitewatch/shared-protocol";
import type { UserView } from "../../auth/users.js";
import { iso, timestamp } from "./common.js";

export const RoleSchema = z.enum(["admin", "site_manager"]);
export const ApiTokenScopeSchema = z
  .enum(["read", "admin"])
  .describe("read: GET/HEAD only; admin: everything the owner's role allows");

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    sites: z.array(z.string()).describe("Sites a site manager may see; empty for admins, who see all"),
    disabled: z.boolean(),
    mustChangePassword: z
      .boolean()
      .describe("The user has a one-time password (invited or reset) and must choose their own"),
    createdAt: timestamp,
  })
  .openapi("User");

export function userView(u: UserView): z.infer<typeof UserSchema> {
  return { ...u, createdAt: iso(u.createdAt) };
}

export const LoginBody = z
  .object({
    email: z.string().min(3).max(320),
    password: z.string().min(1).max(1024),
  })
  .openapi("LoginRequest");

export const RefreshBody = z.object({ refreshToken: z.string().min(1).max(512) }).openapi("RefreshRequest");

export const SessionSchema = z
  .object({
    accessToken: z.string().describe("HS256 JWT; send as `Authorization: Bearer <token>`"),
    refreshToken: z.string().describe("Opaque, single use: every refresh returns a new one"),
    expiresIn: z.number().int().describe("Seconds until the access token expires"),
    user: UserSchema,
  })
  .openapi("Session");

export const MeSchema = z
  .object({
    userId: z.string(),
    email: z.string(),
    role: RoleSchema,
    sites: z.union([z.literal("all"), z.array(z.string())]),
    via: z.enum(["jwt", "api-token"]),
    scope: ApiTokenScopeSchema.describe("Always admin for logins; read-scoped API tokens may only GET/HEAD"),
    mustChangePassword: z.boolean(),
  })
  .openapi("Me");

const email = z.email().max(320);
const password = z.string().min(8).max(1024);

export const CreateUserBody = z
  .object({
    email,
    password: password
      .optional()
      .describe(
        "Omit to invite: the hub makes a one-time password, returned once, to be changed at first login",
      ),
    role: RoleSchema,
    sites: z.array(siteIdSchema).max(1000).default([]),
    displayName: z.string().min(1).max(200).optional(),
  })
  .openapi("CreateUserRequest");

export const UpdateUserBody = z
  .object({
    role: RoleSchema.optional(),
    sites: z.array(siteIdSchema).max(1000).optional(),
    disabled: z.boolean().optional(),
    displayName: z.string().min(1).max(200).optional(),
    password: password.optional(),
  })
  .openapi("UpdateUserRequest");

export const CreatedUserSchema = UserSchema.extend({
  oneTimePassword: z
    .string()
    .optional()
    .describe("Only for invitations (no password given): shown only in this response"),
}).openapi("CreatedUser");

export const PasswordResetSchema = z
  .object({
    user: UserSchema,
    oneTimePassword: z.string().describe("Shown only in this response; to be changed at the next login"),
  })
  .openapi("PasswordReset");

export const ChangePasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(1024),
    newPassword: password,
  })
  .openapi("ChangePasswordRequest");

export const UserListSchema = z.object({ users: z.array(UserSchema) }).openapi("UserList");

export const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: ApiTokenScopeSchema,
    createdAt: timestamp,
    expiresAt: timestamp.nullable(),
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .openapi("ApiToken");

export const CreateApiTokenBody = z
  .object({
    name: z.string().min(1).max(100),
    scope: ApiTokenScopeSchema.default("admin"),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .optional()
      .describe("Omit for a token that never expires"),
  })
  .openapi("CreateApiTokenRequest");

export const CreatedApiTokenSchema = ApiTokenSchema.extend({
  token: z.string().describe("The secret (`sw_…`); shown only in this response"),
}).openapi("CreatedApiToken");
