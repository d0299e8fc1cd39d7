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

const POLICY = t.Union([t.Literal("bypass"), t.Literal("signed_in"), t.Literal("two_factor"), t.Literal("deny")]);
const Strings = t.Optional(t.Array(t.String()));

export const RuleViewSchema = t.Object({
  number: t.Integer({ description: "Its place in the file, from 1: the first rule that matches decides" }),
  policy: POLICY,
  hosts: t.Array(t.String()),
  paths: Strings,
  methods: Strings,
  networks: Strings,
  groups: Strings,
  users: Strings,
});

export const RulesResponse = t.Object({
  success: t.Literal(true),
  file: t.Union([t.String(), t.Null()], { description: "ACCESS_RULES; null when no file is set" }),
  default_policy: POLICY,
  rules: t.Array(RuleViewSchema),
});

export const CheckQuery = t.Object({
  host: t.Optional(t.String({ description: "The host a request is for, e.g. app.example.com" })),
  path: t.Optional(t.String({ description: "Its path (and query); default /" })),
  method: t.Optional(t.String({ description: "Default GET" })),
  user: t.Optional(t.String({ description: "The e-mail of the person asking; none: nobody signed in" })),
});

export const CheckResponse = t.Object({
  success: t.Literal(true),
  answer: t.Union(
    [t.Literal("bypass"), t.Literal("deny"), t.Literal("sign_in"), t.Literal("allow"), t.Literal("step_up")],
    { description: "What forward auth answers: bypass and allow 200, sign_in and step_up 401, deny 403" },
  ),
  rule: t.Union([t.Integer(), t.Null()], { description: "The rule that decides; null: the default policy" }),
  policy: POLICY,
  reason: t.String(),
});

export type RulesView = typeof RulesResponse.static;
export type CheckResult = typeof CheckResponse.static;
