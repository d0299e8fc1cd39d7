import { Elysia } from "elysia";
import type { RequestContext } from "../http/context.ts";
import { HttpError } from "../http/errors.ts";
import { MESSAGES } from "../http/messages.ts";
import { errorResponses, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import { SessionParams, SessionRevokedResponse, SessionsResponse, SessionsRevokedResponse } from "./model.ts";
import type { authPlugin } from "./plugin.ts";
import type { SessionService, SessionUser } from "./service.ts";
import type { SessionTransport } from "./transport.ts";

export interface SessionRouteDeps<U extends SessionUser> {
  sessions: SessionService<U>;
  transport: SessionTransport;
  auth: ReturnType<typeof authPlugin<U>>;
  context: RequestContext;
}

/** Where the user is signed in, and ending any of it. */
export function sessionRoutes<U extends SessionUser>({ sessions, transport, auth, context }: SessionRouteDeps<U>) {
  return new Elysia({ prefix: "/api/users/sessions", tags: ["session"] })
    .use(context)
    .use(auth)
    .get("", async ({ session }) => ({ success: true as const, sessions: await sessions.list(session) }), {
      auth: true,
      response: { 200: SessionsResponse, ...errorResponses(401, 503) },
      detail: {
        summary: "List where the user is signed in",
        description: "Live sessions only (not ended, a token still unexpired), newest first; `current` marks this one.",
        security: READ_SECURITY,
      },
    })
    .delete(
      "/:id",
      async ({ session, params, meta, set }) => {
        // "current": this very session (the dashboard's "Sign out" of this device alone).
        const sid = params.id === "current" ? session.claims.sid : params.id;
        if ((await sessions.endSession(session, sid, meta)) === "not_found") {
          throw new HttpError(404, MESSAGES.sessionNotFound);
        }
        if (sid.toLowerCase() !== session.claims.sid) return { success: true as const, msg: MESSAGES.sessionRevoked };
        transport.clear({ set });
        return { success: true as const, msg: MESSAGES.signedOutHere };
      },
      {
        auth: true,
        meta: true,
        params: SessionParams,
        response: { 200: SessionRevokedResponse, ...errorResponses(401, 403, 404, 503) },
        detail: {
          summary: "Sign out one session",
          description:
            "That session ends on every replica at once; when it is this one (its id, or `current`), both cookies are cleared too: signing out this device alone. 404 for an unknown, ended or another user's session alike.",
          security: WRITE_SECURITY,
        },
      },
    )
    .delete(
      "",
      async ({ session, meta }) => {
        const revoked = await sessions.endOthers(session, meta);
        return { success: true as const, msg: MESSAGES.otherSessionsRevoked(revoked), revoked };
      },
      {
        auth: true,
        meta: true,
        response: { 200: SessionsRevokedResponse, ...errorResponses(401, 403, 503) },
        detail: {
          summary: "Sign out every other session",
          description: "Every session of the user but this one ends, on every replica at once.",
          security: WRITE_SECURITY,
        },
      },
    );
}
