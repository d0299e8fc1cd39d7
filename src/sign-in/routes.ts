import { Elysia, t } from "elysia";
import { CredentialsBody, UserResponse } from "../account/model.ts";
import { toPublicUser, type UserRecord } from "../account/repository.ts";
import type { UserRouteDeps } from "../account/routes.ts";
import { validateCredentials } from "../account/validation.ts";
import type { RequestMeta } from "../http/context.ts";
import { HttpError, invalidFields, rateLimited } from "../http/errors.ts";
import { MESSAGES } from "../http/messages.ts";
import { errorResponses, WRITE_SECURITY } from "../http/schemas.ts";
import type { SignInResult } from "../metrics/metrics.ts";
import { type Attempt, guarded } from "../platform/rate-limit.ts";
import type { SignInMethod } from "../session/records.ts";
import { deviceCookie, deviceToken } from "../two-factor/devices.ts";
import { PasskeySignInBody, SecondStepBody, WebAuthnOptions } from "../two-factor/model.ts";
import type { SecondFactor, TwoFactor } from "../two-factor/service.ts";
import { handleToUuid } from "../two-factor/webauthn.ts";
import { LoginResponse, MfaRequiredResponse, TokenBody, TokenResponse } from "./model.ts";

/** One answer for an unknown e-mail and a wrong password, so neither can be told apart. */
const badCredentials = (): HttpError => new HttpError(401, MESSAGES.badCredentials);

const loginErrors = errorResponses(400, 401, 403, 413, 415, 422, 429, 503);

type Checked = { user: UserRecord; attempt: Attempt & { ok: true }; method: SignInMethod; recoveryCodesLeft?: number };

/** The routes that are a sign-in attempt (the passkey's options are not: nothing is checked). */
const ATTEMPTS = new Set(["/api/users/login", "/api/users/login/2fa", "/api/users/token", "/api/users/login/passkey"]);

/** An attempt's answer, as a result: 401/403 refused, 429 limited; 422 or 503 are not attempts. */
function resultOf(status: number, body: unknown): SignInResult | null {
  if (status === 200 || status === 201) {
    return (body as { mfa_required?: boolean } | null)?.mfa_required ? "second_factor_due" : "ok";
  }
  if (status === 401 || status === 403) return "failed";
  return status === 429 ? "limited" : null;
}

/**
 * Signing in (cookies, or a bearer token for scripts) and out; the second step for an account with
 * an authenticator app; signing in with a passkey.
 */
export function signInRoutes(
  deps: UserRouteDeps & { twoFactor: TwoFactor; onSignIn?: (result: SignInResult) => void },
  {
    requireVerifiedEmail = false,
    cookieSecure = false,
  }: {
    requireVerifiedEmail?: boolean /** The remembered device's cookie is Secure (COOKIE_SECURE). */;
    cookieSecure?: boolean;
  } = {},
) {
  const { users, passwords, sessions, transport, auth, context, limiter, mailer, twoFactor } = deps;

  /**
   * The password check shared by login and token: rate limited per e-mail and IP before any
   * hashing. An unknown e-mail and a wrong password do the same work (one lookup, one argon2id
   * verification against a dummy hash when there is no account, one failed-sign-in write that
   * finds nobody to record against), so neither answer nor time tells them apart. Answers the user
   * and the attempt, still open: the caller ends it (signed in, or a second factor due).
   */
  async function checkPassword(body: { email: string; password: string }, meta: RequestMeta): Promise<Checked> {
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
      // The right password: not a failure to count, nor a sign-in. Whoever typed it may know why
      // (a wrong password of a locked account still gets the one answer above, after the same work).
      if (user.locked) {
        await attempt.abandoned();
        throw accountLocked();
      }
      if (requireVerifiedEmail && !user.email_verified) {
        await attempt.abandoned();
        throw new HttpError(403, MESSAGES.verifyEmailFirst);
      }
      return { user, attempt, method: "password" };
    });
  }

  /** Signed in: the e-mail's count starts over, the sign-in is recorded (a new device mails a notice). */
  async function signedIn({ user, attempt, method }: Checked, meta: RequestMeta): Promise<void> {
    await Promise.all([attempt.succeeded(), mailer.recordSignIn(user, meta, method)]);
  }

  /**
   * The second factor, counted like a password: a wrong code keeps its slot in the e-mail's and
   * the IP's count (429 past the limit, shared by every replica) and records `mfa_failed`.
   */
  async function checkSecondFactor(user: UserRecord, factor: SecondFactor, meta: RequestMeta): Promise<Checked> {
    const attempt = await limiter.login(user.email, meta.ip);
    if (!attempt.ok) throw rateLimited(MESSAGES.tooManySignInAttempts(attempt.retryAfterSeconds), attempt);
    return guarded(attempt, async () => {
      const right = await twoFactor.check(user, factor, meta);
      if (right) {
        const left = right.method === "password+recovery_code" ? right.recoveryCodesLeft : undefined;
        return {
          user: { ...user, mfa: { ...user.mfa, recovery_codes: left ?? user.mfa.recovery_codes } },
          attempt,
          method: right.method,
          recoveryCodesLeft: left,
        };
      }
      await twoFactor.repo.recordFailure(user.id, meta);
      throw new HttpError(401, MESSAGES.wrongCode);
    });
  }

  async function startBrowserSession(
    { user, method, recoveryCodesLeft }: Pick<Checked, "user" | "method" | "recoveryCodesLeft">,
    meta: RequestMeta,
    set: { headers: Record<string, unknown> },
  ) {
    const issued = await sessions.start(user, "browser", meta, method);
    transport.write({ set }, issued);
    return {
      success: true as const,
      msg: MESSAGES.signedIn,
      user: toPublicUser(user),
      csrf_token: issued.csrf,
      ...(recoveryCodesLeft === undefined ? {} : { recovery_codes_left: recoveryCodesLeft }),
    };
  }

  const signInExpired = (): HttpError => new HttpError(401, MESSAGES.signInExpired);
  const accountLocked = (): HttpError => new HttpError(403, MESSAGES.accountLockedSignIn);
  const passkeyFailed = (): HttpError => new HttpError(401, MESSAGES.passkeySignInFailed);

  return new Elysia({ prefix: "/api/users", tags: ["session"] })
    .use(context)
    .use(auth)
    .onAfterResponse(({ route, set, responseValue }) => {
      if (!deps.onSignIn || !ATTEMPTS.has(route)) return;
      const result = resultOf(typeof set.status === "number" ? set.status : 200, responseValue);
      if (result) deps.onSignIn(result);
    })
    .post(
      "/login",
      async ({ body, meta, set, request }) => {
        const checked = await checkPassword(body, meta);
        // A device remembered for this account skips the code (never the password).
        if (
          checked.user.mfa.totp &&
          (await twoFactor.devices.recognizes(checked.user.id, deviceToken(request.headers.get("cookie"))))
        ) {
          const remembered = { ...checked, method: "password+remembered_device" as const };
          await signedIn(remembered, meta);
          return startBrowserSession(remembered, meta, set);
        }
        if (checked.user.mfa.totp) {
          // The password was right, but this is not a sign-in yet: the count stays as it is.
          await checked.attempt.abandoned();
          const mfa_token = await twoFactor.pending.start(checked.user.id);
          return {
            success: true as const,
            mfa_required: true as const,
            mfa_token,
            methods: ["totp" as const, "recovery_code" as const],
          };
        }
        await signedIn(checked, meta);
        return startBrowserSession(checked, meta, set);
      },
      {
        meta: true,
        body: CredentialsBody,
        parse: "json",
        response: { 200: t.Union([LoginResponse, MfaRequiredResponse]), ...loginErrors },
        detail: {
          summary: "Sign in with cookies",
          description:
            "Sets access_token_cookie (HttpOnly) and csrf_access_token (readable). For an account with an authenticator app, no cookies yet: `mfa_required` and an `mfa_token` for POST /api/users/login/2fa, unless this browser was remembered for the account at the code step (its datta_device cookie). 401 for an unknown e-mail or a wrong password alike; 403 for the right password of an account an admin locked, and of an unconfirmed address when REQUIRE_VERIFIED_EMAIL is on; 429 with Retry-After after 10 failures per e-mail or 30 per IP in 15 minutes. A sign-in from a device not seen on the account in 30 days mails a notice.",
        },
      },
    )
    .post(
      "/login/2fa",
      async ({ body, meta, set }) => {
        const factor = { code: body.code, recovery_code: body.recovery_code };
        if (factor.code === undefined && factor.recovery_code === undefined) {
          throw invalidFields([{ field: "code", message: MESSAGES.codeOrRecoveryCode }]);
        }
        const userId = await twoFactor.pending.peek(body.mfa_token);
        const user = userId === null ? null : await users.findById(userId);
        if (!user) throw signInExpired();
        // The password was right a moment ago: an admin has locked the account since.
        if (user.locked) throw accountLocked();
        // Counted before it is judged: past 5 codes the token is dead, even for codes sent at once.
        if (!(await twoFactor.pending.attempt(body.mfa_token))) throw signInExpired();
        const checked = await checkSecondFactor(user, factor, meta);
        // Used once: of two right answers racing, one signs in.
        if ((await twoFactor.pending.finish(body.mfa_token)) !== user.id) throw signInExpired();
        await signedIn(checked, meta);
        const answer = await startBrowserSession(checked, meta, set);
        if (body.remember_device === true) {
          // Beside the session's two cookies.
          const cookies = set.headers["set-cookie"];
          const device = deviceCookie(await twoFactor.devices.remember(user.id, meta), cookieSecure);
          set.headers["set-cookie"] = [
            ...(Array.isArray(cookies) ? cookies : cookies ? [String(cookies)] : []),
            device,
          ];
        }
        return answer;
      },
      {
        meta: true,
        body: SecondStepBody,
        parse: "json",
        response: { 200: LoginResponse, ...loginErrors },
        detail: {
          summary: "Sign in, second step: the app's code or a recovery code",
          description:
            "Answers exactly as a login (with `recovery_codes_left` after a recovery code). `remember_device: true` sets a datta_device cookie: for 30 days this browser skips this step for this account (never the password); it is listed and forgotten at /api/users/remembered-devices, and forgotten with a new password, the app removed or two-factor reset by an admin. 401 for a wrong code (event mfa_failed), and for an unknown, expired (5 minutes) or used mfa_token; it answers at most 5 codes (each counted before it is judged), then it is dead; wrong codes count in the e-mail's sign-in limit (429); 403 when an admin locked the account meanwhile.",
        },
      },
    )
    .post(
      "/token",
      async ({ body, meta }) => {
        const checked = await checkPassword(body, meta);
        if (checked.user.mfa.totp) {
          await checked.attempt.abandoned();
          if (body.code === undefined || body.code.trim() === "") {
            throw new HttpError(401, MESSAGES.twoFactorCodeRequired);
          }
          const code = body.code.trim();
          const factor = /^\d{6}$/.test(code.replace(/\s+/g, "")) ? { code } : { recovery_code: code };
          const proven = await checkSecondFactor(checked.user, factor, meta);
          await signedIn(proven, meta);
          const issued = await sessions.start(checked.user, "token", meta, proven.method);
          return { access_token: issued.token, token_type: "Bearer" as const, expires_in: issued.maxAgeSeconds };
        }
        await signedIn(checked, meta);
        const issued = await sessions.start(checked.user, "token", meta, checked.method);
        return { access_token: issued.token, token_type: "Bearer" as const, expires_in: issued.maxAgeSeconds };
      },
      {
        meta: true,
        body: TokenBody,
        parse: "json",
        response: { 200: TokenResponse, ...loginErrors },
        detail: {
          summary: "Get a bearer token (no cookies)",
          description:
            "For scripts and other services: send it as `Authorization: Bearer <token>`. Revoked and checked exactly like cookie tokens; same limits as login. An account with an authenticator app needs `code` (the app's code or a recovery code): 401 `Two-factor code required.` without it.",
        },
      },
    )
    .post(
      "/login/passkey/options",
      async ({ meta }): Promise<Record<string, unknown>> => {
        const attempt = await limiter.passkeyChallenge(meta.ip);
        if (!attempt.ok) throw rateLimited(MESSAGES.tooManyPasskeyRequests(attempt.retryAfterSeconds), attempt);
        return { ...(await twoFactor.ceremonies.authenticationOptions()) };
      },
      {
        meta: true,
        response: { 200: WebAuthnOptions, ...errorResponses(429, 503) },
        detail: {
          summary: "Begin signing in with a passkey",
          description:
            "PublicKeyCredentialRequestOptionsJSON for startAuthentication(): a challenge good for 5 minutes, once; no allowCredentials (the authenticator offers its passkeys for this site); userVerification required. 429 per IP.",
        },
      },
    )
    .post(
      "/login/passkey",
      async ({ body, meta, set }) => {
        const response = body.response as { id?: unknown; response?: { userHandle?: unknown } } | null;
        const credentialId = typeof response?.id === "string" ? response.id : null;
        const credential = credentialId ? await twoFactor.repo.credential(credentialId) : null;
        if (!credential) throw passkeyFailed();
        const counter = await twoFactor.ceremonies.verifyAuthentication(body.response, credential);
        if (counter === null) throw passkeyFailed();
        const user = await users.findById(credential.userId);
        // The authenticator names the account it holds the passkey for (a discoverable credential
        // always does): it must be the passkey's own.
        const handle = response?.response?.userHandle;
        if (!user || typeof handle !== "string" || handleToUuid(handle) !== user.webauthn_handle) {
          throw passkeyFailed();
        }
        // The passkey proved who this is: they may know that an admin locked the account.
        if (user.locked) throw accountLocked();
        // A passkey on an unconfirmed account may have been planted before its owner proved the
        // address (a pre-account takeover): it signs in only once somebody has.
        if (!user.email_verified) throw new HttpError(401, MESSAGES.passkeyNeedsConfirmedAddress);
        if (!(await twoFactor.repo.usePasskey(credential.id, counter))) throw passkeyFailed();
        await mailer.recordSignIn(user, meta, "passkey");
        return startBrowserSession({ user, method: "passkey" }, meta, set);
      },
      {
        meta: true,
        body: PasskeySignInBody,
        parse: "json",
        response: { 200: LoginResponse, ...errorResponses(400, 401, 403, 413, 415, 422, 503) },
        detail: {
          summary: "Sign in with a passkey",
          description:
            "Answers exactly as a login; a passkey is a second factor by itself (user verification required). 401, one message, for every failure; 401 with its own message while the account's address is unconfirmed (after a passkey that verifies).",
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
