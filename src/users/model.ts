import { t } from "elysia";

/**
 * The user as the API shows it, the one source of its shape (the contract's `user`): it checks
 * answers, documents the routes and gives the type the server and the dashboard both use. The
 * kernel's own fields, and what features show of a user (`mfa`, filled by two-factor).
 */

export const USERNAME_RULES =
  "3–50 characters after trimming and NFKC normalisation: letters, digits, _, - and .; no invisible characters or mixed alphabets";
export const NEW_PASSWORD_RULES =
  "8–128 characters, not only spaces, not the e-mail address, not among the 10,000 most common";

/** The account's second factors, as two-factor reports them. */
export const MfaSchema = t.Object(
  {
    totp: t.Boolean({ description: "An authenticator app is set up" }),
    recovery_codes: t.Integer({ description: "Recovery codes not used yet (0 without an app)" }),
    passkeys: t.Integer({ description: "How many passkeys the account has" }),
  },
  { description: "The account's second factors" },
);
export type Mfa = typeof MfaSchema.static;

/** A user as the API shows it: never the password hash or the numeric id. */
export const UserSchema = t.Object({
  public_id: t.String({
    format: "uuid",
    description: "The user's public id; also the token subject. Rotated on logout and password change",
  }),
  username: t.String(),
  email: t.String(),
  role: t.String(),
  created_at: t.String({ format: "date-time" }),
  email_verified: t.Boolean({
    description: "Whether the address was confirmed through a link mailed to it; false again after a change",
  }),
  mfa: MfaSchema,
  language: t.Union(
    [
      t.Literal("en"),
      t.Literal("de"),
      t.Literal("fr"),
      t.Literal("es"),
      t.Literal("pt-BR"),
      t.Literal("zh-Hans"),
      t.Null(),
    ],
    {
      description: "The language the user chose (en, de, fr, es, pt-BR, zh-Hans); null until chosen",
    },
  ),
});
export type PublicUser = typeof UserSchema.static;

export const UserResponse = t.Object({ success: t.Literal(true), msg: t.String(), user: UserSchema });
export type UserResponse = typeof UserResponse.static;

export const MeResponse = t.Object({ success: t.Literal(true), user: UserSchema });
export type MeResponse = typeof MeResponse.static;

/** A change that ends every other session (a new password, a new address): this one goes on with new cookies. */
export const RenewedUserResponse = t.Object({
  success: t.Literal(true),
  msg: t.String(),
  user: UserSchema,
  csrf_token: t.Optional(t.String({ description: "The new CSRF value, for cookie sessions" })),
});
export type RenewedUserResponse = typeof RenewedUserResponse.static;

/** Signed in (a password and what it owed, a passkey, another way): the same answer for every way. */
export const LoginResponse = t.Object({
  success: t.Literal(true),
  msg: t.String(),
  user: UserSchema,
  csrf_token: t.String(),
  recovery_codes_left: t.Optional(
    t.Integer({ description: "After signing in with a recovery code: how many are left unused" }),
  ),
});
export type LoginResponse = typeof LoginResponse.static;

/** An event type's name: lower-case words joined by _ (each feature declares its own). */
export type EventType = string;

/** An event as the API shows it, for the event types the composed features declare. */
export function activityEventSchema(types: readonly [string, ...string[]]) {
  return t.Object({
    type: t.UnionEnum(types as [string, ...string[]]),
    at: t.String({ format: "date-time" }),
    ip: t.Nullable(t.String()),
    user_agent: t.Nullable(t.String()),
    method: t.Nullable(
      t.String({
        description:
          "For a sign-in: how it was proven (password, password+totp, password+recovery_code, password+remembered_device, passkey)",
      }),
    ),
  });
}

export type ActivityEventSchema = ReturnType<typeof activityEventSchema>;

export interface ActivityEvent {
  type: EventType;
  at: string;
  ip: string | null;
  user_agent: string | null;
  method: string | null;
}
