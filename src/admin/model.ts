import { t } from "elysia";
import { SessionSchema } from "../session/model.ts";
import type { ActivityEventSchema } from "../users/model.ts";
import { UserSchema } from "../users/model.ts";

/** The admin API's shapes: `admin_user` is `user` plus what an admin needs to help or stop it. */

export const AdminUserSchema = t.Composite([
  UserSchema,
  t.Object({
    uid: t.String({ format: "uuid", description: "The stable user id: how the admin API names users" }),
    locked: t.Boolean(),
    last_sign_in_at: t.Nullable(t.String({ format: "date-time" })),
    sessions: t.Integer({ description: "Live sessions" }),
    groups: t.Array(t.String(), { description: "The names of the user's groups, sorted" }),
  }),
]);
export type AdminUser = typeof AdminUserSchema.static;

export const UsersQuery = t.Object({
  q: t.Optional(t.String({ maxLength: 254, description: "The start of the username or the e-mail, any case" })),
  cursor: t.Optional(t.String({ maxLength: 200, description: "next_cursor of the page before" })),
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 100, description: "1–100; 25 by default" })),
  order: t.Optional(
    t.UnionEnum(["newest", "oldest"], { description: "By sign-up date: newest first (the default) or oldest first" }),
  ),
});
export type UsersQuery = typeof UsersQuery.static;

export const UsersResponse = t.Object({
  success: t.Literal(true),
  users: t.Array(AdminUserSchema, { description: "By sign-up date, in the order asked (newest first by default)" }),
  next_cursor: t.Nullable(t.String({ description: "For the next page; null on the last" })),
  total: t.Object(
    {
      count: t.Integer({ description: "How many users there are (all of them, whatever `q`)" }),
      exact: t.Boolean({ description: "False past 10,000 users: then Postgres's estimate" }),
    },
    { description: "The number of users" },
  ),
});
export type UsersResponse = typeof UsersResponse.static;

export const UidParams = t.Object({ uid: t.String({ description: "The user's stable id" }) });

export const SessionIdParams = t.Object({
  uid: t.String({ description: "The user's stable id" }),
  id: t.String({ description: "One of the user's session ids" }),
});

/** A user's page, over the event types the composed features record. */
export const userDetailResponse = (event: ActivityEventSchema) =>
  t.Object({
    success: t.Literal(true),
    user: AdminUserSchema,
    sessions: t.Array(t.Omit(SessionSchema, ["current"]), { description: "Live sessions, newest first" }),
    events: t.Array(event, { description: "Newest first, the first page of 20" }),
    events_next_cursor: t.Nullable(
      t.String({ description: "For GET /api/admin/users/{uid}/events; null when no more" }),
    ),
  });

export const EventsQuery = t.Object({
  cursor: t.Optional(t.String({ maxLength: 40, description: "events_next_cursor, or next_cursor of the page before" })),
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 100, description: "1–100; 20 by default" })),
});

export const eventsResponse = (event: ActivityEventSchema) =>
  t.Object({
    success: t.Literal(true),
    events: t.Array(event, { description: "Newest first" }),
    next_cursor: t.Nullable(t.String()),
  });
export type EventsResponse = ReturnType<typeof eventsResponse>["static"];
export type UserDetailResponse = ReturnType<typeof userDetailResponse>["static"];

export const LockBody = t.Object({
  reason: t.Optional(t.String({ maxLength: 500, description: "Why, for the audit trail" })),
});

/**
 * Literals, not `t.UnionEnum`: Elysia fills a missing UnionEnum property with its first value, which
 * turned `{}` into `{role: "user"}` (a demotion).
 */
export const RoleBody = t.Object({ role: t.Union([t.Literal("user"), t.Literal("admin")]) });

export const AUDIT_ACTIONS = [
  "account_locked",
  "account_unlocked",
  "sessions_revoked",
  "role_changed",
  "account_deleted",
  "two_factor_reset",
  "reset_link_sent",
  "confirmation_sent",
  "email_confirmed",
  "session_revoked",
  // The OpenID provider's clients (an admin's too; their rows are the provider's migration's).
  "client_created",
  "client_updated",
  "client_secret_rotated",
  "client_deleted",
] as const;

const AuditFilters = {
  actor: t.Optional(t.String({ maxLength: 254, description: "The actor's stable id or e-mail address (any case)" })),
  action: t.Optional(t.Union(AUDIT_ACTIONS.map((action) => t.Literal(action)))),
  from: t.Optional(t.String({ maxLength: 40, description: "From this date or instant (ISO 8601), included" })),
  to: t.Optional(t.String({ maxLength: 40, description: "To this date or instant (ISO 8601), excluded" })),
};

export const AuditQuery = t.Object({
  cursor: t.Optional(t.String({ maxLength: 40 })),
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 100 })),
  ...AuditFilters,
});

export const CsvAuditQuery = t.Object(AuditFilters);

const Party = t.Nullable(t.Object({ uid: t.Nullable(t.String()), email: t.String() }));

export const AuditEntrySchema = t.Object({
  at: t.String({ format: "date-time" }),
  actor: Party,
  action: t.String(),
  target: Party,
  ip: t.Nullable(t.String()),
  detail: t.Record(t.String(), t.Unknown()),
});
export type AuditEntry = typeof AuditEntrySchema.static;

export const AuditResponse = t.Object({
  success: t.Literal(true),
  entries: t.Array(AuditEntrySchema, { description: "Newest first" }),
  next_cursor: t.Nullable(t.String()),
});
