import { z } from "@hono/zod-openapi";
import { siteIdSchema } from "@sitewatch/shared-protocol";
import type { UserView } from "../../auth/users.js";
import { iso, timestamp } from "./common.js";

export const RoleSchema = z.enum(["admin", "site_manager"]);

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    sites: z.array(z.string()).describe("Sites a site manager may see; empty for admins, who see all"),
    disabled: z.boolean(),
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
  })
  .openapi("Me");

const email = z.email().max(320);
const password = z.string().min(8).max(1024);

export const CreateUserBody = z
  .object({
    email,
    password,
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

export const UserListSchema = z.object({ users: z.array(UserSchema) }).openapi("UserList");

export const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: timestamp,
    expiresAt: timestamp.nullable(),
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .openapi("ApiToken");

export const CreateApiTokenBody = z
  .object({
    name: z.string().min(1).max(100),
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
