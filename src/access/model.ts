import { t } from "elysia";

/** Groups and access rules as the admin API shows them. */

export const GROUP_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const GroupMember = t.Object({
  uid: t.String({ format: "uuid", description: "The user's stable id" }),
  username: t.String(),
  email: t.String(),
});
export type GroupMember = typeof GroupMember.static;

export const GroupSchema = t.Object({
  name: t.String({ description: "^[a-z0-9][a-z0-9_-]{0,63}$" }),
  members: t.Array(GroupMember, { description: "By username; the first 100" }),
  member_count: t.Integer({ description: "How many members in all" }),
  created_at: t.String({ format: "date-time" }),
});
export type Group = typeof GroupSchema.static;

export const GroupBody = t.Object({ name: t.String({ description: "^[a-z0-9][a-z0-9_-]{0,63}$" }) });
export const GroupParams = t.Object({ name: t.String() });
export const MemberParams = t.Object({ name: t.String(), uid: t.String() });

export const GroupsResponse = t.Object({ success: t.Literal(true), groups: t.Array(GroupSchema) });
export const GroupResponse = t.Object({ success: t.Literal(true), group: GroupSchema });
