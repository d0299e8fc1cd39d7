/**
 * The OpenID provider's HTTP side: discovery at both well-known addresses, every endpoint of the
 * provider under /oidc (handed to oidc-provider as they come: its answers are the protocol's), and
 * the admin API of its clients (API.md part 3, "Clients"), every change audited.
 */
import { Elysia, t } from "elysia";
import { HttpError, invalidFields } from "../http/errors.ts";
import { errorResponses, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import { adminGuard, type RouteKit } from "../kit.ts";
import { actorOf } from "../users/audit.ts";
import type { bridge } from "./bridge.ts";
import { type ClientRepository, checkClientInput } from "./clients.ts";
import { OIDC_MESSAGES as MESSAGES } from "./messages.ts";
import {
  ClientInputSchema,
  ClientResponse,
  ClientsResponse,
  CreatedClientResponse,
  RotateSecretBody,
  SecretResponse,
} from "./model.ts";
import { OIDC_PREFIX, type ProviderSource } from "./provider.ts";

const ClientParams = t.Object({ client_id: t.String({ minLength: 1, maxLength: 64 }) });
const DeletedResponse = t.Object({ success: t.Literal(true), msg: t.String() });

/**
 * The provider's endpoints (authorization, token, userinfo, introspection, revocation, logout):
 * found through discovery, answered as the standards say (OAuth 2 errors, not this API's shape),
 * so left out of this API's document.
 */
const endpoints = {
  // The body is the provider's to read (form posts), as it came.
  parse: "none" as const,
  detail: { hide: true },
};

const Metadata = t.Object(
  {
    issuer: t.String({ description: "PUBLIC_URL" }),
    authorization_endpoint: t.String(),
    token_endpoint: t.String(),
    jwks_uri: t.String(),
  },
  { additionalProperties: true, description: "Every endpoint and capability, as Discovery 1.0 and RFC 8414 name them" },
);

/** Discovery and the provider's endpoints, answered by oidc-provider. */
export function providerRoutes(cross: ReturnType<typeof bridge>, source: ProviderSource) {
  const discovery = "/.well-known/openid-configuration";
  const handle = async (request: Request, path?: string) => cross.handle((await source()).callback, request, path);
  return (
    new Elysia({ tags: ["openid-connect"] })
      .get(discovery, ({ request }) => handle(request), {
        response: { 200: Metadata },
        detail: {
          summary: "OpenID Provider metadata (Discovery 1.0)",
          description: "Every endpoint a client needs; the issuer is PUBLIC_URL.",
        },
      })
      .get("/.well-known/oauth-authorization-server", ({ request }) => handle(request, discovery), {
        response: { 200: Metadata },
        detail: { summary: "OAuth 2 authorization server metadata (RFC 8414): the same document" },
      })
      // One route per method: a GET, POST or OPTIONS route of the dashboard's (its page for every
      // path) would otherwise answer before a route for all methods.
      .get(`${OIDC_PREFIX}/*`, ({ request }) => handle(request), endpoints)
      .post(`${OIDC_PREFIX}/*`, ({ request }) => handle(request), endpoints)
      .options(`${OIDC_PREFIX}/*`, ({ request }) => handle(request), endpoints)
      // The device grant's pages, where the user types the code (RFC 8628's verification_uri).
      .get("/device", ({ request }) => handle(request), endpoints)
      .post("/device", ({ request }) => handle(request), endpoints)
      .get("/device/:uid", ({ request }) => handle(request), endpoints)
  );
}

/** The admin API of the provider's clients. */
export function clientRoutes(kit: RouteKit, clients: ClientRepository) {
  const settingsOf = (input: typeof ClientInputSchema.static) => {
    const checked = checkClientInput(input);
    if (!checked.ok) throw invalidFields(checked.errors);
    return checked.settings;
  };
  const notFound = () => new HttpError(404, MESSAGES.clientNotFound);
  return new Elysia({ prefix: "/api/admin/clients", tags: ["admin"] })
    .use(kit.context)
    .use(adminGuard(kit.auth))
    .get("", async () => ({ clients: await clients.list() }), {
      admin: true,
      response: { 200: ClientsResponse, ...errorResponses(401, 403, 503) },
      detail: { summary: "The OpenID provider's clients", security: READ_SECURITY },
    })
    .post(
      "",
      async ({ body, session, meta, set }) => {
        const created = await clients.create(actorOf(session.user), settingsOf(body), meta);
        set.status = 201;
        return { client: created.client, ...(created.secret ? { client_secret: created.secret } : {}) };
      },
      {
        admin: true,
        meta: true,
        body: ClientInputSchema,
        parse: "json",
        response: { 201: CreatedClientResponse, ...errorResponses(400, 401, 403, 413, 415, 422, 503) },
        detail: {
          summary: "Register a client",
          description: "A confidential client's secret is in this answer only; it is kept as a hash.",
          security: WRITE_SECURITY,
        },
      },
    )
    .get(
      "/:client_id",
      async ({ params }) => {
        const stored = await clients.find(params.client_id);
        if (!stored) throw notFound();
        return { client: stored.client };
      },
      {
        admin: true,
        params: ClientParams,
        response: { 200: ClientResponse, ...errorResponses(401, 403, 404, 503) },
        detail: { summary: "A client", security: READ_SECURITY },
      },
    )
    .put(
      "/:client_id",
      async ({ params, body, session, meta }) => {
        const updated = await clients.update(actorOf(session.user), params.client_id, settingsOf(body), meta);
        if (updated === null) throw notFound();
        if (updated === "type") {
          throw invalidFields([{ field: "type", message: "cannot change: register a new client instead" }]);
        }
        return { client: updated };
      },
      {
        admin: true,
        meta: true,
        params: ClientParams,
        body: ClientInputSchema,
        parse: "json",
        response: { 200: ClientResponse, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 503) },
        detail: { summary: "Change a client's settings", security: WRITE_SECURITY },
      },
    )
    .post(
      "/:client_id/secret",
      async ({ params, body, session, meta }) => {
        const secret = await clients.rotateSecret(
          actorOf(session.user),
          params.client_id,
          body?.revoke_old === true,
          meta,
        );
        if (secret === null) throw notFound();
        if (secret === "public") throw invalidFields([{ field: "type", message: MESSAGES.publicHasNoSecret }]);
        return { client_secret: secret };
      },
      {
        admin: true,
        meta: true,
        params: ClientParams,
        body: t.Optional(RotateSecretBody),
        parse: "json",
        response: { 200: SecretResponse, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 503) },
        detail: {
          summary: "A new client secret",
          description: "The old secret keeps working for 24 hours unless `revoke_old` is true.",
          security: WRITE_SECURITY,
        },
      },
    )
    .delete(
      "/:client_id",
      async ({ params, session, meta }) => {
        if (!(await clients.remove(actorOf(session.user), params.client_id, meta))) throw notFound();
        return { success: true as const, msg: MESSAGES.clientDeleted };
      },
      {
        admin: true,
        meta: true,
        params: ClientParams,
        response: { 200: DeletedResponse, ...errorResponses(401, 403, 404, 503) },
        detail: { summary: "Delete a client: every grant and token of it ends", security: WRITE_SECURITY },
      },
    );
}
