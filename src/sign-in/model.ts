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
});
export type LoginResponse = typeof LoginResponse.static;

export const TokenResponse = t.Object({
  access_token: t.String(),
  token_type: t.Literal("Bearer"),
  expires_in: t.Integer({ description: "Seconds" }),
});
