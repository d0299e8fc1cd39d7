/**
 * The signed-in account's identities at other providers: listed, unlinked (never the last way in),
 * and the link step finished once the owner of the account with that address signed in to it.
 */
import { Elysia, t } from "elysia";
import { HttpError } from "../http/errors.ts";
import { errorResponses, MessageResponse, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import { UPSTREAM_MESSAGES as MESSAGES } from "./messages.ts";
import { LinkBody, LinkedProvidersResponse, LinkResponse } from "./model.ts";
import type { Upstream } from "./providers.ts";
import type { IdentityRepository } from "./repository.ts";
import type { UpstreamService } from "./service.ts";

export interface AccountRouteDeps {
  kit: RouteKit;
  upstreams: ReadonlyMap<string, Upstream>;
  identities: IdentityRepository;
  service: UpstreamService;
}

export function accountRoutes({ kit, upstreams, identities, service }: AccountRouteDeps) {
  const nameOf = (id: string): string => upstreams.get(id)?.setting.name ?? id;
  return new Elysia({ tags: ["sign-in providers"] })
    .use(kit.context)
    .use(kit.auth)
    .get(
      "/api/users/providers",
      async ({ session }) => {
        const linked = await identities.ofUser(session.user.id);
        return {
          providers: linked.map((identity) => ({
            id: identity.providerId,
            name: nameOf(identity.providerId),
            subject: identity.subject,
            email: identity.email,
            linked_at: identity.linkedAt,
            last_used_at: identity.lastUsedAt,
          })),
          password_set: session.user.row.password_set !== false,
        };
      },
      {
        auth: true,
        response: { 200: LinkedProvidersResponse, ...errorResponses(401, 503) },
        detail: {
          summary: "The providers linked to your account",
          description:
            "Each with the subject there, the address it gave when linked, when it was linked and last used.",
          security: READ_SECURITY,
        },
      },
    )
    .delete(
      "/api/users/providers/:id",
      async ({ session, params, meta }) => {
        const outcome = await identities.unlink(session.user.id, params.id, meta);
        if (outcome === "none") throw new HttpError(404, MESSAGES.notLinked);
        if (outcome === "last") throw new HttpError(409, MESSAGES.lastWayIn);
        return { success: true as const, msg: MESSAGES.unlinked(nameOf(params.id)) };
      },
      {
        auth: true,
        meta: true,
        params: t.Object({ id: t.String() }),
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 409, 422, 503) },
        detail: {
          summary: "Unlink a provider",
          description:
            "Event provider_unlinked. 404 when it is not linked; 409 when it is the account's last way to sign in (no password set and no other provider).",
          security: WRITE_SECURITY,
        },
      },
    )
    .post(
      "/api/auth/providers/link",
      async ({ session, body, request, meta }) => {
        const finished = await service.finishLink(session.user, body.link_token, request.headers.get("cookie"), meta);
        if (!finished) throw new HttpError(400, MESSAGES.linkExpired);
        if (finished.outcome === "other") throw new HttpError(403, MESSAGES.otherAccount);
        if (finished.outcome === "taken") throw new HttpError(409, MESSAGES.alreadyTaken);
        if (finished.outcome === "provider_taken") throw new HttpError(409, MESSAGES.providerTaken);
        const name = nameOf(finished.provider);
        return { success: true as const, msg: MESSAGES.linked(name), provider: finished.provider };
      },
      {
        auth: true,
        meta: true,
        body: LinkBody,
        parse: "json",
        response: { 200: LinkResponse, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 503) },
        detail: {
          summary: "Finish a link step: link the provider to the account you signed in to",
          description:
            "After a provider's callback found an account with the address it gave, the browser signs in to that account (password, second factor, or passkey), then sends the link token here: the identity is linked (event provider_linked). 400 for a token unknown, used, expired (10 minutes) or started in another browser; 403 when the account signed in is not the one with that address; 409 when the identity or the provider is linked elsewhere meanwhile.",
          security: WRITE_SECURITY,
        },
      },
    );
}
