/**
 * Signing in with a passkey: a way to sign in that two-factor plugs into sign-in (a SignInMethod).
 * Its two routes are mounted with sign-in's; the sign-in is finished by sign-in's service, so it is
 * refused, recorded and answered exactly as a password's.
 */
import { Elysia } from "elysia";
import { HttpError } from "../http/errors.ts";
import { errorResponses, WRITE_SECURITY } from "../http/schemas.ts";
import type { RouteKit, SignInMethod } from "../kit.ts";
import { LoginResponse } from "../users/model.ts";
import { TWO_FACTOR_MESSAGES as MESSAGES } from "./messages.ts";
import { PasskeySignInBody, WebAuthnOptions } from "./model.ts";
import { webauthnHandleOf } from "./projection.ts";
import type { TwoFactor } from "./service.ts";
import { handleToUuid } from "./webauthn.ts";

export function passkeySignIn({ passkeys, ceremonies }: TwoFactor): SignInMethod {
  const passkeyFailed = (): HttpError => new HttpError(401, MESSAGES.passkeySignInFailed);
  return {
    name: "passkey",
    attempts: ["/api/users/login/passkey"],
    routes: (kit: RouteKit) =>
      new Elysia().use(stepUpRoute(kit, passkeys, ceremonies, passkeyFailed)).use(signInRoutes(kit)),
  };

  function signInRoutes(kit: RouteKit) {
    return new Elysia({ prefix: "/api/users", tags: ["session"] })
      .use(kit.context)
      .post(
        "/login/passkey/options",
        async ({ meta }): Promise<Record<string, unknown>> => {
          await kit.limiter.attempt("passkeyChallenges", { ip: meta.ip });
          return { ...(await ceremonies.authenticationOptions()) };
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
          const credential = credentialId ? await passkeys.credential(credentialId) : null;
          if (!credential) throw passkeyFailed();
          const counter = await ceremonies.verifyAuthentication(body.response, credential);
          if (counter === null) throw passkeyFailed();
          const user = await kit.users.findById(credential.userId);
          // The authenticator names the account it holds the passkey for (a discoverable credential
          // always does): it must be the passkey's own.
          const handle = response?.response?.userHandle;
          if (!user || typeof handle !== "string" || handleToUuid(handle) !== webauthnHandleOf(user)) {
            throw passkeyFailed();
          }
          // The passkey proved who this is: they may know that an admin locked the account.
          kit.signIn.admit(user);
          // A passkey on an unconfirmed account may have been planted before its owner proved the
          // address (a pre-account takeover): it signs in only once somebody has.
          if (!user.email_verified) throw new HttpError(401, MESSAGES.passkeyNeedsConfirmedAddress);
          if (!(await passkeys.usePasskey(credential.id, counter))) throw passkeyFailed();
          return kit.signIn.finish({ user, method: "passkey" }, meta, set);
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
      );
  }
}

/**
 * A passkey of this session's own account, for the session signed in already (step-up): the same
 * session then counts two factors (its method `password+passkey`), as the app's code would make it.
 */
function stepUpRoute(
  kit: RouteKit,
  passkeys: TwoFactor["passkeys"],
  ceremonies: TwoFactor["ceremonies"],
  passkeyFailed: () => HttpError,
) {
  return new Elysia({ prefix: "/api/users", tags: ["session"] })
    .use(kit.context)
    .use(kit.auth)
    .post(
      "/login/passkey/step-up",
      async ({ session, body, set }) => {
        if (session.source !== "cookie") throw new HttpError(400, MESSAGES.stepUpInBrowser);
        const response = body.response as { id?: unknown } | null;
        const credentialId = typeof response?.id === "string" ? response.id : null;
        const credential = credentialId ? await passkeys.credential(credentialId) : null;
        // Someone else's passkey proves nothing about this session: the same answer as a bad one.
        if (!credential || credential.userId !== session.user.id) throw passkeyFailed();
        const counter = await ceremonies.verifyAuthentication(body.response, credential);
        if (counter === null || !(await passkeys.usePasskey(credential.id, counter))) throw passkeyFailed();
        const raised = await kit.sessions.raise(session, "passkey");
        if (!raised) throw passkeyFailed();
        kit.transport.write({ set }, raised);
        const user = kit.present(session.user);
        return { success: true as const, msg: MESSAGES.steppedUpWithPasskey, user, csrf_token: raised.csrf };
      },
      {
        auth: true,
        body: PasskeySignInBody,
        parse: "json",
        response: { 200: LoginResponse, ...errorResponses(400, 401, 403, 413, 415, 422, 503) },
        detail: {
          summary: "Confirm a passkey for this session (step-up)",
          description:
            "For a browser session proven by one factor, when a page behind the proxy asks for two (forward auth answered 401 with X-Auth-Step-Up: 1): the challenge from POST /api/users/login/passkey/options, answered by a passkey of this account. The same session then counts two factors (method password+passkey; new cookies, same session). 401, one message, for a passkey that does not verify or is not this account's.",
          security: WRITE_SECURITY,
        },
      },
    );
}
