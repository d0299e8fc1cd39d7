import { t } from "elysia";

/** The sessions' API shapes (see ../account/model.ts for how `t` schemas are used). */

export const SessionSchema = t.Object({
  id: t.String({ format: "uuid", description: "The session id (`sid`)" }),
  kind: t.UnionEnum(["browser", "token"], {
    description: "`browser`: signed in with cookies; `token`: a bearer token from POST /api/users/token",
  }),
  method: t.Nullable(
    t.String({
      description:
        "How its sign-in was proven: password, password+totp, password+recovery_code, password+remembered_device, passkey",
    }),
  ),
  created_at: t.String({ format: "date-time", description: "When it signed in" }),
  last_seen_at: t.String({ format: "date-time", description: "Moves at least at every implicit refresh" }),
  ip: t.Nullable(t.String()),
  user_agent: t.Nullable(t.String()),
  current: t.Boolean({ description: "The session of this request" }),
});
export type SessionInfo = typeof SessionSchema.static;

export const SessionsResponse = t.Object({
  success: t.Literal(true),
  sessions: t.Array(SessionSchema, { description: "Live sessions only, newest first" }),
});
export type SessionsResponse = typeof SessionsResponse.static;

export const SessionParams = t.Object({
  id: t.String({ description: 'A session id from the list, or "current" for this one' }),
});

export const SessionRevokedResponse = t.Object({ success: t.Literal(true), msg: t.String() });

export const SessionsRevokedResponse = t.Object({
  success: t.Literal(true),
  msg: t.String(),
  revoked: t.Integer({ description: "How many sessions ended" }),
});
export type SessionsRevokedResponse = typeof SessionsRevokedResponse.static;
