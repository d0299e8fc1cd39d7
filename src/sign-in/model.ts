import { t } from "elysia";
import { UserSchema } from "../account/model.ts";

/**
 * Signing in: the two answers (cookies for the dashboard, a bearer token for scripts). The request,
 * an account's credentials, is the account's model (CredentialsBody).
 */

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

/** The answer to a right password of an account with an authenticator app: a second step is due. */
export const MfaRequiredResponse = t.Object({
  success: t.Literal(true),
  mfa_required: t.Literal(true),
  mfa_token: t.String({ description: "For POST /api/users/login/2fa: 5 minutes, used once; not an access token" }),
  methods: t.Array(t.UnionEnum(["totp", "recovery_code"])),
});
export type MfaRequiredResponse = typeof MfaRequiredResponse.static;

/** Credentials for a bearer token; an account with an authenticator app adds its code. */
export const TokenBody = t.Object({
  email: t.String(),
  password: t.String({ description: "At most 128 characters" }),
  code: t.Optional(t.String({ description: "The app's 6-digit code or a recovery code (accounts with TOTP)" })),
});
export type TokenBody = typeof TokenBody.static;

export const TokenResponse = t.Object({
  access_token: t.String(),
  token_type: t.Literal("Bearer"),
  expires_in: t.Integer({ description: "Seconds" }),
});
