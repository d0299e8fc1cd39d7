/**
 * The "Connected apps" page's API: each client the signed-in user allowed, with what it may see
 * and when it was last used; disconnecting one ends what the user allowed it, every grant and
 * every token of it (on every replica: the grants are rows, and each token's use reads its grant).
 */
import { Elysia, t } from "elysia";
import { HttpError } from "../http/errors.ts";
import { errorResponses, MessageResponse, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import { inWords, OIDC_MESSAGES as MESSAGES } from "./messages.ts";
import { ConnectedAppsResponse } from "./model.ts";
import type { OidcRepository } from "./repository.ts";

export function connectedAppRoutes(kit: RouteKit, repo: OidcRepository) {
  return new Elysia({ prefix: "/api/users/apps", tags: ["openid-connect"] })
    .use(kit.auth)
    .get(
      "",
      async ({ session }) => ({
        apps: (await repo.connectedApps(session.user.id)).map((app) => ({ ...app, scopes: app.scopes.map(inWords) })),
      }),
      {
        auth: true,
        response: { 200: ConnectedAppsResponse, ...errorResponses(401, 503) },
        detail: { summary: "The applications the user allowed (Connected apps)", security: READ_SECURITY },
      },
    )
    .delete(
      "/:client_id",
      async ({ session, params }) => {
        if (!(await repo.disconnect(session.user.id, params.client_id)))
          throw new HttpError(404, MESSAGES.appNotConnected);
        return { success: true as const, msg: MESSAGES.appDisconnected };
      },
      {
        auth: true,
        params: t.Object({ client_id: t.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 503) },
        detail: {
          summary: "Disconnect an application: what the user allowed it ends, with every grant and token of it",
          security: WRITE_SECURITY,
        },
      },
    );
}
