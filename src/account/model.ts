import { t } from "elysia";

/**
 * The account's API shapes, each one `t` schema: it checks the request, documents the route, and
 * gives the TypeScript type (`typeof X.static`) that the server and the dashboard both use.
 * Rules beyond shape and type (trimming, lengths in characters) are in validation.ts.
 */

const USERNAME =
  "3–50 characters after trimming and NFKC normalisation: letters, digits, _, - and .; no invisible characters or mixed alphabets";
export const NEW_PASSWORD =
  "8–128 characters, not only spaces, not the e-mail address, not among the 10,000 most common";

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
  mfa: t.Object(
    {
      totp: t.Boolean({ description: "An authenticator app is set up" }),
      recovery_codes: t.Integer({ description: "Recovery codes not used yet (0 without an app)" }),
      passkeys: t.Integer({ description: "How many passkeys the account has" }),
    },
    { description: "The account's second factors" },
  ),
});
export type PublicUser = typeof UserSchema.static;

export const UserResponse = t.Object({ success: t.Literal(true), msg: t.String(), user: UserSchema });
export type UserResponse = typeof UserResponse.static;

export const MeResponse = t.Object({ success: t.Literal(true), user: UserSchema });
export type MeResponse = typeof MeResponse.static;

export const SignupBody = t.Object({
  username: t.String({ description: USERNAME }),
  email: t.String({ description: "A valid e-mail address, at most 254 characters; case-insensitive" }),
  password: t.String({ description: NEW_PASSWORD }),
});
export type SignupBody = typeof SignupBody.static;

/** An account's credentials, as sign-in takes them. */
export const CredentialsBody = t.Object({
  email: t.String(),
  password: t.String({ description: "At most 128 characters" }),
});
export type Credentials = typeof CredentialsBody.static;

export const ProfileBody = t.Object({
  username: t.Optional(t.String({ description: USERNAME })),
  email: t.Optional(t.String({ description: "A valid e-mail address, at most 254 characters" })),
  current_password: t.Optional(
    t.String({ description: "The password in use now: needed when `email` changes the address (403 without it)" }),
  ),
});
export type ProfileBody = typeof ProfileBody.static;

export const PasswordBody = t.Object({
  current_password: t.String({ description: "The password in use now" }),
  new_password: t.String({ description: NEW_PASSWORD }),
});
export type PasswordBody = typeof PasswordBody.static;

/** A change that ends every other session (a new password, a new address): this one goes on with new cookies. */
export const RenewedUserResponse = t.Object({
  success: t.Literal(true),
  msg: t.String(),
  user: UserSchema,
  csrf_token: t.Optional(t.String({ description: "The new CSRF value, for cookie sessions" })),
});
export type RenewedUserResponse = typeof RenewedUserResponse.static;

export const DeleteBody = t.Object({ password: t.String({ description: "The account's password, to confirm" }) });
export type DeleteBody = typeof DeleteBody.static;

export const MessageResponse = t.Object({ success: t.Literal(true), msg: t.String() });
export type MessageResponse = typeof MessageResponse.static;

export const EVENT_TYPES = [
  "signup",
  "login",
  "login_failed",
  "logout",
  "password_changed",
  "profile_updated",
  "session_revoked",
  "sessions_revoked",
  "password_reset_requested",
  "password_reset",
  "email_verified",
  "totp_enabled",
  "totp_disabled",
  "recovery_codes_regenerated",
  "recovery_code_used",
  "passkey_added",
  "passkey_removed",
  "mfa_failed",
  "account_locked",
  "account_unlocked",
  "role_changed",
  "two_factor_reset",
  "device_remembered",
  "device_forgotten",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ActivityEventSchema = t.Object({
  type: t.UnionEnum(EVENT_TYPES),
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
export type ActivityEvent = typeof ActivityEventSchema.static;

export const DailySignInsSchema = t.Object({
  date: t.String({ format: "date" }),
  logins: t.Integer(),
  failed: t.Integer(),
});
export type DailySignIns = typeof DailySignInsSchema.static;

export const ActivityQuery = t.Object({
  tz: t.Optional(
    t.String({
      description: "An IANA time zone (Europe/Berlin) whose calendar days `daily` counts; UTC by default",
      maxLength: 64,
    }),
  ),
});
export type ActivityQuery = typeof ActivityQuery.static;

export const ActivityResponse = t.Object({
  success: t.Literal(true),
  daily: t.Array(DailySignInsSchema, {
    description: "Sign-ins and failed sign-ins per day (in `tz`, UTC by default) over the last 14 days, oldest first",
  }),
  events: t.Array(ActivityEventSchema, { description: "Newest first, at most 50" }),
  previous_sign_in: t.Nullable(ActivityEventSchema, {
    description: "The sign-in before the most recent one (the most recent is usually this very session)",
  }),
  last_failed_sign_in: t.Nullable(ActivityEventSchema, { description: "The most recent failed sign-in, if any" }),
});
export type ActivityResponse = typeof ActivityResponse.static;
