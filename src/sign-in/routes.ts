import { Elysia, t } from "elysia";
import { clearSessionCookies, exposeSessionTimes, setSessionCookies } from "../session/transport.ts";
import type { PasswordHasher } from "../account/password.ts";
import { authPlugin, type AuthDeps } from "../session/plugin.ts";
import type { LoginLimiter } from "../platform/rate-limit.ts";
import { HttpError, invalidFields } from "../http/errors.ts";
import { errorResponses, UserResponse, UserSchema, WRITE_SECURITY } from "../http/schemas.ts";
import type { Store } from "../platform/store/store.ts";
import { toPublicUser, type RequestMeta, type UserRecord } from "../account/repository.ts";
import { validateCredentials, type Credentials } from "../account/validation.ts";

export const CredentialsBody = t.Object({
  email: t.String(),
  password: t.String({ description: "At most 128 characters" }),
});

export interface SessionRouteDeps extends AuthDeps {
  passwords: PasswordHasher;
  store: Store;
  limiter: LoginLimiter;
  requestMeta(request: Request, socketIp: string | null): RequestMeta;
}

/** One answer for an unknown e-mail and a wrong password, so neither can be told apart. */
const badCredentials = (): HttpError => new HttpError(401, "Wrong e-mail or password.");

function tooManyAttempts(retryAfterSeconds: number): HttpError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new HttpError(429, `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, undefined, {
    "retry-after": String(retryAfterSeconds),
  });
}

const loginErrors = { ...errorResponses(400, 401, 413, 415, 422, 429, 503) };

/** Sessions: sign in (cookies, or a bearer token for scripts) and sign out. */
export function sessionRoutes(deps: SessionRouteDeps, seed: string) {
  const { users, passwords, tokens, store, cookies, limiter, requestMeta } = deps;

  /**
   * The password check shared by login and token: rate limited per e-mail and IP before any
   * hashing; an unknown e-mail verifies against a dummy hash, so both failures cost the same.
   */
  async function checkCredentials(body: Credentials, meta: RequestMeta): Promise<UserRecord> {
    const input = validateCredentials(body);
    if (!input.ok) throw invalidFields(input.errors);
    const attempt = await limiter.begin(input.value.email, meta.ip);
    if (!attempt.ok) throw tooManyAttempts(attempt.retryAfterSeconds);

    const user = await users.findByEmail(input.value.email);
    const valid = await passwords.verify(input.value.password, user?.password_hash ?? null);
    if (!user || !valid) {
      // Only a known account gets a login_failed entry; an unknown e-mail is stored against nobody.
      if (user) await users.recordEvent(user.id, "login_failed", meta);
      throw badCredentials();
    }
    await Promise.all([attempt.succeeded(), users.recordEvent(user.id, "login", meta)]);
    return user;
  }

  const metaOf = (request: Request, server: { requestIP(r: Request): { address: string } | null } | null) =>
    requestMeta(request, server?.requestIP(request)?.address ?? null);

  return new Elysia({ prefix: "/api/users", tags: ["session"] })
    .use(authPlugin(deps, seed))
    .post(
      "/login",
      async ({ body, cookie, request, server, set }) => {
        const user = await checkCredentials(body, metaOf(request, server));
        const issued = await tokens.issue(user.public_id);
        if (!issued.ok) throw badCredentials();
        setSessionCookies(cookie, cookies, issued.token, issued.claims.csrf, tokens.secondsLeft(issued.claims));
        exposeSessionTimes(set.headers, issued.claims.exp, tokens.sessionEnd(issued.claims));
        return { success: true as const, msg: "Signed in.", user: toPublicUser(user), csrf_token: issued.claims.csrf };
      },
      {
        body: CredentialsBody,
        parse: "json",
        response: {
          200: t.Object({ success: t.Literal(true), msg: t.String(), user: UserSchema, csrf_token: t.String() }),
          ...loginErrors,
        },
        detail: {
          summary: "Sign in with cookies",
          description:
            "Sets access_token_cookie (HttpOnly) and csrf_access_token (readable). 401 for an unknown e-mail or a wrong password alike; 429 with Retry-After after 10 failures per e-mail or 30 per IP in 15 minutes.",
        },
      },
    )
    .post(
      "/token",
      async ({ body, request, server }) => {
        const user = await checkCredentials(body, metaOf(request, server));
        const issued = await tokens.issue(user.public_id);
        if (!issued.ok) throw badCredentials();
        return { access_token: issued.token, token_type: "Bearer" as const, expires_in: tokens.secondsLeft(issued.claims) };
      },
      {
        body: CredentialsBody,
        parse: "json",
        response: {
          200: t.Object({ access_token: t.String(), token_type: t.Literal("Bearer"), expires_in: t.Integer({ description: "Seconds" }) }),
          ...loginErrors,
        },
        detail: {
          summary: "Get a bearer token (no cookies)",
          description: "For scripts and other services: send it as `Authorization: Bearer <token>`. Revoked and checked exactly like cookie tokens; same limits as login.",
        },
      },
    )
    .post(
      "/logout",
      async ({ session, cookie, request, server }) => {
        // Revoke first: if the store is down this fails (503) before anything else changes.
        await store.revoke(session.claims.jti, tokens.secondsLeft(session.claims));
        const user = (await users.signOutEverywhere(session.user.id, metaOf(request, server))) ?? session.user;
        clearSessionCookies(cookie, cookies);
        return { success: true as const, msg: "Signed out.", user: toPublicUser(user) };
      },
      {
        auth: true,
        response: { 200: UserResponse, ...errorResponses(401, 403, 503) },
        detail: {
          summary: "Sign out",
          description: "Revokes this token until its exp and rotates public_id, so every token of the user dies; clears both cookies.",
          security: WRITE_SECURITY,
        },
      },
    );
}
