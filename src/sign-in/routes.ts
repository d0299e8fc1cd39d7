import { Elysia } from "elysia";
import { type Credentials, CredentialsBody, UserResponse } from "../account/model.ts";
import { toPublicUser, type UserRecord } from "../account/repository.ts";
import type { UserRouteDeps } from "../account/routes.ts";
import { validateCredentials } from "../account/validation.ts";
import type { RequestMeta } from "../http/context.ts";
import { HttpError, invalidFields, rateLimited } from "../http/errors.ts";
import { MESSAGES } from "../http/messages.ts";
import { errorResponses, WRITE_SECURITY } from "../http/schemas.ts";
import { guarded } from "../platform/rate-limit.ts";
import { LoginResponse, TokenResponse } from "./model.ts";

/** One answer for an unknown e-mail and a wrong password, so neither can be told apart. */
const badCredentials = (): HttpError => new HttpError(401, MESSAGES.badCredentials);

const loginErrors = errorResponses(400, 401, 403, 413, 415, 422, 429, 503);

/** Signing in (cookies, or a bearer token for scripts) and out. */
export function signInRoutes(
  { users, passwords, sessions, transport, auth, context, limiter, mailer }: UserRouteDeps,
  { requireVerifiedEmail = false }: { requireVerifiedEmail?: boolean } = {},
) {
  /**
   * The password check shared by login and token: rate limited per e-mail and IP before any
   * hashing. An unknown e-mail and a wrong password do the same work (one lookup, one argon2id
   * verification against a dummy hash when there is no account, one failed-sign-in write that
   * finds nobody to record against), so neither answer nor time tells them apart.
   */
  async function checkCredentials(body: Credentials, meta: RequestMeta): Promise<UserRecord> {
    const input = validateCredentials(body);
    if (!input.ok) throw invalidFields(input.errors);
    const { email, password } = input.value;
    const attempt = await limiter.login(email, meta.ip);
    if (!attempt.ok) throw rateLimited(MESSAGES.tooManySignInAttempts(attempt.retryAfterSeconds), attempt);

    return guarded(attempt, async () => {
      const user = await users.findByEmail(email);
      const valid = await passwords.verify(password, user?.password_hash ?? null);
      if (!user || !valid) {
        await users.recordFailedSignIn(email, meta);
        throw badCredentials();
      }
      if (requireVerifiedEmail && !user.email_verified) {
        // The right password: not a failure to count, nor a sign-in.
        await attempt.abandoned();
        throw new HttpError(403, MESSAGES.verifyEmailFirst);
      }
      await Promise.all([attempt.succeeded(), mailer.recordSignIn(user, meta)]);
      return user;
    });
  }

  return new Elysia({ prefix: "/api/users", tags: ["session"] })
    .use(context)
    .use(auth)
    .post(
      "/login",
      async ({ body, meta, set }) => {
        const user = await checkCredentials(body, meta);
        const issued = await sessions.start(user, "browser", meta);
        transport.write({ set }, issued);
        return { success: true as const, msg: MESSAGES.signedIn, user: toPublicUser(user), csrf_token: issued.csrf };
      },
      {
        meta: true,
        body: CredentialsBody,
        parse: "json",
        response: { 200: LoginResponse, ...loginErrors },
        detail: {
          summary: "Sign in with cookies",
          description:
            "Sets access_token_cookie (HttpOnly) and csrf_access_token (readable). 401 for an unknown e-mail or a wrong password alike; 403 for the right password of an unconfirmed address when REQUIRE_VERIFIED_EMAIL is on; 429 with Retry-After after 10 failures per e-mail or 30 per IP in 15 minutes. A sign-in from a device not seen on the account in 30 days mails a notice.",
        },
      },
    )
    .post(
      "/token",
      async ({ body, meta }) => {
        const issued = await sessions.start(await checkCredentials(body, meta), "token", meta);
        return { access_token: issued.token, token_type: "Bearer" as const, expires_in: issued.maxAgeSeconds };
      },
      {
        meta: true,
        body: CredentialsBody,
        parse: "json",
        response: { 200: TokenResponse, ...loginErrors },
        detail: {
          summary: "Get a bearer token (no cookies)",
          description:
            "For scripts and other services: send it as `Authorization: Bearer <token>`. Revoked and checked exactly like cookie tokens; same limits as login.",
        },
      },
    )
    .post(
      "/logout",
      async ({ session, meta, set }) => {
        const user = await sessions.end(session, meta);
        transport.clear({ set });
        return { success: true as const, msg: MESSAGES.signedOut, user: toPublicUser(user) };
      },
      {
        auth: true,
        meta: true,
        response: { 200: UserResponse, ...errorResponses(401, 403, 503) },
        detail: {
          summary: "Sign out",
          description:
            "Signs out every device: revokes this token until its exp and rotates public_id, so every session of the user ends; clears both cookies.",
          security: WRITE_SECURITY,
        },
      },
    );
}
