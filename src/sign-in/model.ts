import { t } from "elysia";

/**
 * Signing in: the requests, and the answers (the signed-in answer every way shares is the kernel's
 * LoginResponse, users/model.ts; a bearer token for scripts).
 */

/** An account's credentials, as sign-in takes them. */
export const CredentialsBody = t.Object({
  email: t.String(),
  password: t.String({ description: "At most 128 characters" }),
  second_factor: t.Optional(
    t.Boolean({
      description:
        "Ask the account's second factor even in a browser remembered for it (an application asked for two factors: acr_values=mfa)",
    }),
  ),
});
export type Credentials = typeof CredentialsBody.static;

export const SecondStepBody = t.Object({
  mfa_token: t.String({ description: "From the login answer; 5 minutes, used once" }),
  code: t.Optional(t.String({ description: "The 6-digit code from the authenticator app" })),
  recovery_code: t.Optional(t.String({ description: "One of the recovery codes instead" })),
  remember_device: t.Optional(
    t.Boolean({ description: "Skip this step on this browser for 30 days (never the password)" }),
  ),
});
export type SecondStepBody = typeof SecondStepBody.static;

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

/** A second factor given for the session signed in already (a page asked for two: the access rules). */
export const StepUpBody = t.Object({
  code: t.Optional(t.String({ description: "The 6-digit code from the authenticator app" })),
  recovery_code: t.Optional(t.String({ description: "One of the recovery codes instead" })),
});
export type StepUpBody = typeof StepUpBody.static;
