import { t } from "elysia";
import { ActivityEventSchema, UserSchema } from "../account/model.ts";
import { SessionSchema } from "../session/model.ts";

/** The admin API's shapes: `admin_user` is `user` plus what an admin needs to help or stop it. */

export const AdminUserSchema = t.Composite([
  UserSchema,
  t.Object({
    uid: t.String({ format: "uuid", description: "The stable user id: how the admin API names users" }),
    locked: t.Boolean(),
    last_sign_in_at: t.Nullable(t.String({ format: "date-time" })),
    sessions: t.Integer({ description: "Live sessions" }),
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
});
export type UsersResponse = typeof UsersResponse.static;

export const UidParams = t.Object({ uid: t.String({ description: "The user's stable id" }) });

export const UserDetailResponse = t.Object({
  success: t.Literal(true),
  user: AdminUserSchema,
  sessions: t.Array(t.Omit(SessionSchema, ["current"]), { description: "Live sessions, newest first" }),
  events: t.Array(ActivityEventSchema, { description: "Newest first, at most 50" }),
});
export type UserDetailResponse = typeof UserDetailResponse.static;

export const LockBody = t.Object({
  reason: t.Optional(t.String({ maxLength: 500, description: "Why, for the audit trail" })),
});

/**
 * Literals, not `t.UnionEnum`: Elysia fills a missing UnionEnum property with its first value, which
 * turned `{}` into `{role: "user"}` (a demotion).
 */
export const RoleBody = t.Object({ role: t.Union([t.Literal("user"), t.Literal("admin")]) });

export const AuditQuery = t.Object({
  cursor: t.Optional(t.String({ maxLength: 40 })),
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 100 })),
});

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
