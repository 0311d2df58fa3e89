import { createRoute, z } from "@hono/zod-openapi";
import type { ApiTokenView } from "../../auth/api-tokens.js";
import { notFound } from "../../errors/api-error.js";
import type { App, HttpDeps } from "../app-types.js";
import { principalOf } from "../guards.js";
import { ApiTokenSchema, CreateApiTokenBody, CreatedApiTokenSchema } from "../schemas/auth.js";
import { bearer, body, errors, iso, json, OkBody, uuidParam } from "../schemas/common.js";

const tags = ["tokens"];
const TokenParams = z.object({ token: uuidParam("token") });
const TokenList = z.object({ tokens: z.array(ApiTokenSchema) }).openapi("ApiTokenList");

const list = createRoute({
  method: "get",
  path: "/api/v1/tokens",
  tags,
  summary: "List your API tokens (secrets are never shown again)",
  security: bearer,
  responses: { 200: json(TokenList, "Your tokens, newest first"), ...errors(401) },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/tokens",
  tags,
  summary: "Create an API token for scripts; it acts with your role and sites",
  description:
    "`scope: read` makes a token that may only GET/HEAD (anything else is refused with 403 FORBIDDEN); " +
    "`admin`, the default, may do whatever your role allows. A read token cannot create tokens.",
  security: bearer,
  request: { body: body(CreateApiTokenBody) },
  responses: {
    201: json(CreatedApiTokenSchema, "The token, with its secret shown once"),
    ...errors(400, 401),
  },
});

const revoke = createRoute({
  method: "delete",
  path: "/api/v1/tokens/{token}",
  tags,
  summary: "Revoke one of your API tokens",
  security: bearer,
  request: { params: TokenParams },
  responses: { 200: json(OkBody, "Revoked"), ...errors(400, 401, 404) },
});

function tokenView(t: ApiTokenView): z.infer<typeof ApiTokenSchema> {
  return {
    id: t.id,
    name: t.name,
    scope: t.scope,
    createdAt: iso(t.createdAt),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  };
}

export function registerTokenRoutes(app: App, { auth }: HttpDeps): void {
  app.openapi(list, async (c) => {
    const tokens = await auth.apiTokens.list(principalOf(c).userId);
    return c.json({ tokens: tokens.map(tokenView) }, 200);
  });

  app.openapi(create, async (c) => {
    const { name, expiresInDays, scope } = c.req.valid("json");
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
    const { token, view } = await auth.apiTokens.create(principalOf(c).userId, name, expiresAt, scope);
    return c.json({ ...tokenView(view), token }, 201);
  });

  app.openapi(revoke, async (c) => {
    const { userId } = principalOf(c);
    const revoked = await auth.apiTokens.revoke(userId, c.req.valid("param").token);
    if (!revoked) throw notFound("API token");
    // Open Socket.IO connections made with the token are closed at once.
    auth.accessEvents.emit({ kind: "user", userId });
    return c.json({ ok: true as const }, 200);
  });
}
