import { Elysia, t } from "elysia";
import { HttpError, invalidFields } from "../http/errors.ts";
import { errorResponses, WRITE_SECURITY } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import type { SignInResult } from "../metrics/metrics.ts";
import { LoginResponse, UserResponse } from "../users/model.ts";
import { SIGN_IN_MESSAGES as MESSAGES } from "./messages.ts";
import { CredentialsBody, MfaRequiredResponse, SecondStepBody, StepUpBody, TokenBody, TokenResponse } from "./model.ts";
import type { Checked, SignIn } from "./service.ts";

const loginErrors = errorResponses(400, 401, 403, 413, 415, 422, 429, 503);

/** An attempt's answer, as a result: 401/403 refused, 429 limited; 422 or 503 are not attempts. */
function resultOf(status: number, body: unknown): SignInResult | null {
  if (status === 200 || status === 201) {
    return (body as { mfa_required?: boolean } | null)?.mfa_required ? "second_factor_due" : "ok";
  }
  if (status === 401 || status === 403) return "failed";
  return status === 429 ? "limited" : null;
}

export interface SignInRouteDeps {
  kit: RouteKit;
  signIn: SignIn;
  onSignIn?: (result: SignInResult) => void;
}

/**
 * Signing in (cookies, or a bearer token for scripts) and out: the password, then the second
 * factors the account owes; the methods other features plug in (a passkey) are mounted between.
 */
export function signInRoutes(deps: SignInRouteDeps) {
  const { kit, signIn, onSignIn } = deps;
  const attempts = new Set([
    "/api/users/login",
    "/api/users/login/2fa",
    "/api/users/token",
    ...signIn.methods().flatMap((method) => method.attempts),
  ]);
  let routes = new Elysia()
    // It sees the routes of the plugins used below it (the methods' too).
    .onAfterResponse(({ route, set, responseValue }) => {
      if (!onSignIn || !attempts.has(route)) return;
      const result = resultOf(typeof set.status === "number" ? set.status : 200, responseValue);
      if (result) onSignIn(result);
    })
    .use(passwordRoutes(deps))
    .use(tokenRoute(deps));
  for (const method of signIn.methods()) routes = routes.use(method.routes(kit));
  return routes.use(stepUpRoute(deps)).use(signOutRoute(kit));
}

/** A right password: signed in, or (an account that owes a second factor) the second step's token. */
function passwordRoutes({ kit, signIn }: SignInRouteDeps) {
  const { pending } = signIn;
  return new Elysia({ prefix: "/api/users", tags: ["session"] })
    .use(kit.context)
    .post(
      "/login",
      async ({ body, meta, set, request }) => {
        const checked = await signIn.checkPassword(body, meta);
        const due = signIn.factorsDue(checked.user);
        // A browser remembered for this account skips the second step (never the password), unless
        // the second factor itself is asked for.
        const skip = due.length > 0 && body.second_factor !== true;
        if (skip && (await signIn.remembered(checked.user, request.headers.get("cookie")))) {
          const remembered = { ...checked, method: "password+remembered_device" as const };
          await signIn.signedIn(remembered, meta);
          return signIn.startBrowserSession(remembered, meta, set);
        }
        if (due.length > 0) {
          // The password was right, but this is not a sign-in yet: the count stays as it is.
          await checked.attempt.abandoned();
          return signIn.secondStep(checked.user, due);
        }
        await signIn.signedIn(checked, meta);
        return signIn.startBrowserSession(checked, meta, set);
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
        // `reason: expired` tells a page this step is over (back to the password), whatever the language.
        const signInExpired = () => new HttpError(401, MESSAGES.signInExpired, undefined, undefined, "expired");
        // Of two factors given, the one registered last (a recovery code) is judged.
        const factor = signIn.factors().findLast((f) => body[f.field] !== undefined);
        if (!factor) throw invalidFields([{ field: "code", message: MESSAGES.codeOrRecoveryCode }]);
        const userId = await pending.peek(body.mfa_token);
        const user = userId === null ? null : await kit.users.findById(userId);
        if (!user) throw signInExpired();
        // The password was right a moment ago: an admin may have locked the account since.
        signIn.admit(user);
        // Counted before it is judged: past 5 codes the token is dead, even for codes sent at once.
        if (!(await pending.attempt(body.mfa_token))) throw signInExpired();
        const factorChecked = await signIn.checkFactor(user, factor, body[factor.field] as string, meta);
        // Used once: of two right answers racing, one signs in.
        const finished = await pending.finish(body.mfa_token);
        if (finished?.userId !== user.id) throw signInExpired();
        // A first step proven by another provider: the session says so, and which factor followed.
        const checked = finished.via
          ? { ...factorChecked, method: `${finished.via}+${factor.name}` as const }
          : factorChecked;
        await signIn.signedIn(checked, meta);
        const answer = await signIn.startBrowserSession(checked, meta, set);
        if (body.remember_device === true) {
          // Beside the session's two cookies.
          const cookies = set.headers["set-cookie"];
          set.headers["set-cookie"] = [
            ...(Array.isArray(cookies) ? cookies : cookies ? [String(cookies)] : []),
            ...(await signIn.remember(user, meta)),
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
    );
}

/** A bearer token for scripts: the password, and the second factor in `code` when one is owed. */
function tokenRoute({ kit, signIn }: SignInRouteDeps) {
  const token = async (checked: Checked, meta: Parameters<SignIn["signedIn"]>[1]) => {
    await signIn.signedIn(checked, meta);
    const issued = await kit.sessions.start(checked.user, "token", meta, checked.method);
    return { access_token: issued.token, token_type: "Bearer" as const, expires_in: issued.maxAgeSeconds };
  };
  return new Elysia({ prefix: "/api/users", tags: ["session"] }).use(kit.context).post(
    "/token",
    async ({ body, meta }) => {
      const checked = await signIn.checkPassword(body, meta);
      const due = signIn.factorsDue(checked.user);
      if (due.length === 0) return token(checked, meta);
      await checked.attempt.abandoned();
      const code = body.code?.trim() ?? "";
      if (code === "") throw new HttpError(401, MESSAGES.twoFactorCodeRequired);
      const factor = due.find((f) => f.fits(code));
      if (!factor) throw new HttpError(401, MESSAGES.wrongCode);
      return token({ ...(await signIn.checkFactor(checked.user, factor, code, meta)), user: checked.user }, meta);
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
  );
}

/** A second factor for the session signed in already: it then counts two (a `two_factor` rule passes it). */
function stepUpRoute({ kit, signIn }: SignInRouteDeps) {
  return new Elysia({ prefix: "/api/users", tags: ["session"] })
    .use(kit.context)
    .use(kit.auth)
    .post(
      "/login/step-up",
      async ({ session, body, meta, set }) => {
        if (session.source !== "cookie") throw new HttpError(400, MESSAGES.stepUpInBrowser);
        const factor = signIn.factors().findLast((f) => body[f.field] !== undefined);
        if (!factor) throw invalidFields([{ field: "code", message: MESSAGES.codeOrRecoveryCode }]);
        if (!factor.required(session.user)) throw new HttpError(409, MESSAGES.noSecondFactor);
        const checked = await signIn.checkFactor(session.user, factor, body[factor.field] as string, meta);
        const raised = await kit.sessions.raise(session, factor.name);
        if (!raised) throw new HttpError(401, MESSAGES.signInExpired);
        await checked.attempt.succeeded();
        kit.transport.write({ set }, raised);
        const user = kit.present(checked.user);
        return { success: true as const, msg: MESSAGES.steppedUp, user, csrf_token: raised.csrf, ...checked.answer };
      },
      {
        auth: true,
        meta: true,
        body: StepUpBody,
        parse: "json",
        response: { 200: LoginResponse, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503) },
        detail: {
          summary: "Confirm a second factor for this session (step-up)",
          description:
            "For a browser session proven by one factor, when a page behind the proxy asks for two (an access rule's two_factor; forward auth answered 401 with X-Auth-Step-Up: 1): the app's code or a recovery code. The same session then counts two factors (its method says so; new cookies, same session). Wrong codes count in the sign-in limit (429) and record mfa_failed; 409 when the account has no second factor to give (a passkey sign-in counts two by itself).",
          security: WRITE_SECURITY,
        },
      },
    );
}

function signOutRoute(kit: RouteKit) {
  return new Elysia({ prefix: "/api/users", tags: ["session"] })
    .use(kit.context)
    .use(kit.auth)
    .post(
      "/logout",
      async ({ session, meta, set }) => {
        const user = await kit.sessions.end(session, meta);
        kit.transport.clear({ set });
        return { success: true as const, msg: MESSAGES.signedOut, user: kit.present(user) };
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
