import { Elysia } from "elysia";
import { passwordConfirmation } from "../account/confirm.ts";
import { MessageResponse } from "../account/model.ts";
import type { UserRecord } from "../account/repository.ts";
import type { UserRouteDeps } from "../account/routes.ts";
import { validatePresentPassword } from "../account/validation.ts";
import { HttpError, invalidFields } from "../http/errors.ts";
import { FIELD_MESSAGES, MESSAGES } from "../http/messages.ts";
import { errorResponses, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import type { Session } from "../session/service.ts";
import { acceptedStep, newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpUri } from "./codes.ts";
import {
  CodeBody,
  DeviceParams,
  PasskeyBody,
  PasskeyNameBody,
  PasskeyOptionsBody,
  PasskeyParams,
  PasskeyResponse,
  PasskeysResponse,
  PasswordConfirmBody,
  RecoveryCodesResponse,
  RememberedDevicesResponse,
  ResetPasskeysResponse,
  ResetTokenBody,
  TotpEnrolment,
  WebAuthnOptions,
} from "./model.ts";
import type { TwoFactor } from "./service.ts";

const ISSUER = "Datta Dashboard";
/** How recent a sign-in counts as proof for adding a passkey without the password. */
export const FRESH_SIGN_IN_SECONDS = 10 * 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const passkeyNotFound = (): HttpError => new HttpError(404, MESSAGES.passkeyNotFound);

/** A passkey's name: trimmed, 1–64 characters; the default names the day it was added. */
function passkeyName(raw: string | undefined, today: Date): string {
  const name = (raw ?? "").normalize("NFKC").trim();
  if (raw === undefined || name === "") return `Passkey, ${today.toISOString().slice(0, 10)}`;
  if ([...name].length > 64) throw invalidFields([{ field: "name", message: FIELD_MESSAGES.lengthBetween(1, 64) }]);
  return name;
}

function confirmedPassword(password: string): string {
  const input = validatePresentPassword(password);
  if (!input.ok) throw invalidFields(input.errors);
  return input.value;
}

/** The signed-in user's second factors: an authenticator app, recovery codes, passkeys. */
export function twoFactorRoutes(deps: UserRouteDeps & { twoFactor: TwoFactor }) {
  const { auth, context, limiter, passwords, sql, mailer, twoFactor, sessions } = deps;
  const { repo, ceremonies, now, devices } = twoFactor;
  const { links } = mailer;
  const withPassword = passwordConfirmation(limiter, passwords);
  /**
   * A passkey is a way in that outlives the session that adds it: adding one takes the password
   * again (counted like any wrong one), or a sign-in of the last 10 minutes. An older token, a
   * stolen one say, cannot plant one.
   */
  const freshProof = async (session: Session<UserRecord>, password: string | undefined): Promise<void> => {
    if (password !== undefined && password !== "") {
      await withPassword(session.user, confirmedPassword(password), MESSAGES.passwordWrong, async () => {});
      return;
    }
    if (!sessions.signedInWithin(session, FRESH_SIGN_IN_SECONDS)) throw new HttpError(403, MESSAGES.passkeyNeedsProof);
  };
  const freshCodes = () => {
    const codes = newRecoveryCodes();
    return { codes, hashes: codes.map(recoveryCodeHash) };
  };

  return new Elysia({ prefix: "/api/users", tags: ["two-factor"] })
    .use(context)
    .use(auth)
    .post(
      "/2fa/totp",
      async ({ body, session }) => {
        const user = session.user;
        return withPassword(user, confirmedPassword(body.password), MESSAGES.passwordWrong, async () => {
          const secret = newTotpSecret();
          if (user.mfa.totp || !(await repo.beginTotp(user.id, secret))) {
            throw new HttpError(409, MESSAGES.totpAlreadyEnabled);
          }
          return { secret, otpauth_uri: totpUri(secret, user.email, ISSUER) };
        });
      },
      {
        auth: true,
        body: PasswordConfirmBody,
        parse: "json",
        response: { 200: TotpEnrolment, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503) },
        detail: {
          summary: "Start setting up an authenticator app",
          description:
            "A new secret, pending until a first code confirms it (a second call replaces a pending one). 403: wrong password; 409: already set up.",
          security: WRITE_SECURITY,
        },
      },
    )
    .post(
      "/2fa/totp/confirm",
      async ({ body, session, meta }) => {
        const user = session.user;
        const pending = await repo.totp(user.id);
        if (!pending || pending.confirmed) throw new HttpError(400, MESSAGES.totpNotPending);
        const step = acceptedStep(pending.secret, body.code, now());
        if (step === null) throw new HttpError(400, MESSAGES.totpWrongConfirmation);
        const { codes, hashes } = freshCodes();
        await sql.begin(async (tx) => {
          if (!(await repo.confirmTotp(tx, user.id, step, hashes, meta))) {
            throw new HttpError(400, MESSAGES.totpNotPending);
          }
          await mailer.notify(tx, user.email, "second_factor_added", meta);
        });
        return { success: true as const, msg: MESSAGES.totpEnabled, recovery_codes: codes };
      },
      {
        auth: true,
        meta: true,
        body: CodeBody,
        parse: "json",
        response: { 200: RecoveryCodesResponse, ...errorResponses(400, 401, 403, 413, 415, 422, 503) },
        detail: {
          summary: "Confirm the authenticator app with a first code",
          description:
            "Turns two-factor sign-in on and answers ten recovery codes, shown this once. 400: a wrong code, or nothing pending.",
          security: WRITE_SECURITY,
        },
      },
    )
    .delete(
      "/2fa/totp",
      async ({ body, session, meta }) => {
        const user = session.user;
        await withPassword(user, confirmedPassword(body.password), MESSAGES.passwordWrong, () =>
          sql.begin(async (tx) => {
            if (!(await repo.disableTotp(tx, user.id, meta))) throw new HttpError(404, MESSAGES.totpNotEnabled);
            await mailer.notify(tx, user.email, "second_factor_removed", meta);
          }),
        );
        return { success: true as const, msg: MESSAGES.totpDisabled };
      },
      {
        auth: true,
        meta: true,
        body: PasswordConfirmBody,
        parse: "json",
        response: { 200: MessageResponse, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429, 503) },
        detail: {
          summary: "Remove the authenticator app",
          description: "Removes the TOTP secret and the recovery codes. 403: wrong password; 404: none set up.",
          security: WRITE_SECURITY,
        },
      },
    )
    .post(
      "/2fa/recovery-codes",
      async ({ body, session, meta }) => {
        const user = session.user;
        const { codes, hashes } = freshCodes();
        await withPassword(user, confirmedPassword(body.password), MESSAGES.passwordWrong, async () => {
          if (!(await repo.replaceRecoveryCodes(user.id, hashes, meta))) {
            throw new HttpError(404, MESSAGES.totpNotEnabled);
          }
        });
        return { success: true as const, msg: MESSAGES.recoveryCodesRegenerated, recovery_codes: codes };
      },
      {
        auth: true,
        meta: true,
        body: PasswordConfirmBody,
        parse: "json",
        response: { 200: RecoveryCodesResponse, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429, 503) },
        detail: {
          summary: "Make new recovery codes",
          description: "The old ones stop working. 403: wrong password; 404: no authenticator app set up.",
          security: WRITE_SECURITY,
        },
      },
    )
    .post(
      "/passkeys/options",
      async ({ body, session }): Promise<Record<string, unknown>> => {
        await freshProof(session, body.password);
        return { ...(await ceremonies.registrationOptions(session.user, await repo.credentialIds(session.user.id))) };
      },
      {
        auth: true,
        body: PasskeyOptionsBody,
        parse: "json",
        response: { 200: WebAuthnOptions, ...errorResponses(400, 401, 403, 413, 415, 422, 429, 503) },
        detail: {
          summary: "Begin adding a passkey",
          description:
            "PublicKeyCredentialCreationOptionsJSON for startRegistration(): a challenge good for 5 minutes, once; residentKey and userVerification required; the account's passkeys excluded. Needs a fresh proof: `password` (403 when wrong, counted: 429 past the limit), or a sign-in less than 10 minutes old (403 otherwise).",
          security: WRITE_SECURITY,
        },
      },
    )
    .post(
      "/passkeys",
      async ({ body, session, meta, set }) => {
        const user = session.user;
        const name = passkeyName(body.name, new Date(now()));
        await freshProof(session, body.password);
        const credential = await ceremonies.verifyRegistration(user.id, body.response);
        if (!credential) throw new HttpError(400, MESSAGES.passkeyNotVerified);
        const addedBy = { sessionId: session.claims.sid, addressConfirmed: user.email_verified };
        const passkey = await sql.begin(async (tx) => {
          const added = await repo.addPasskey(tx, user.id, { ...credential, name, addedBy }, meta);
          if (!added) throw new HttpError(400, MESSAGES.passkeyNotVerified);
          await mailer.notify(tx, user.email, "second_factor_added", meta);
          return added;
        });
        set.status = 201;
        return { success: true as const, msg: MESSAGES.passkeyAdded, passkey };
      },
      {
        auth: true,
        meta: true,
        body: PasskeyBody,
        parse: "json",
        response: { 201: PasskeyResponse, ...errorResponses(400, 401, 403, 413, 415, 422, 429, 503) },
        detail: {
          summary: "Add a passkey",
          description:
            "Needs a fresh proof, as the options do (403). 400 for an answer that does not verify (origin, RP ID, user verification) or a stale challenge.",
          security: WRITE_SECURITY,
        },
      },
    )
    .get(
      "/passkeys",
      async ({ session }) => ({ success: true as const, passkeys: await repo.passkeys(session.user.id) }),
      {
        auth: true,
        response: { 200: PasskeysResponse, ...errorResponses(401, 503) },
        detail: { summary: "The account's passkeys", security: READ_SECURITY },
      },
    )
    .patch(
      "/passkeys/:id",
      async ({ body, params, session }) => {
        if (!UUID.test(params.id)) throw passkeyNotFound();
        const name = passkeyName(body.name, new Date(now()));
        if (body.name.trim() === "") {
          throw invalidFields([{ field: "name", message: FIELD_MESSAGES.required }]);
        }
        const passkey = await repo.renamePasskey(session.user.id, params.id, name);
        if (!passkey) throw passkeyNotFound();
        return { success: true as const, msg: MESSAGES.passkeyRenamed, passkey };
      },
      {
        auth: true,
        params: PasskeyParams,
        body: PasskeyNameBody,
        parse: "json",
        response: { 200: PasskeyResponse, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 503) },
        detail: { summary: "Rename a passkey", security: WRITE_SECURITY },
      },
    )
    .delete(
      "/passkeys/:id",
      async ({ params, session, meta }) => {
        if (!UUID.test(params.id)) throw passkeyNotFound();
        const user = session.user;
        await sql.begin(async (tx) => {
          if (!(await repo.removePasskey(tx, user.id, params.id, meta))) throw passkeyNotFound();
          await mailer.notify(tx, user.email, "second_factor_removed", meta);
        });
        return { success: true as const, msg: MESSAGES.passkeyRemoved };
      },
      {
        auth: true,
        meta: true,
        params: PasskeyParams,
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 503) },
        detail: {
          summary: "Remove a passkey",
          description: "404 for an unknown id and another user's passkey alike.",
          security: WRITE_SECURITY,
        },
      },
    )
    .post(
      "/password/reset/passkeys",
      async ({ body }) => {
        const owner = await links.peek(body.token, "reset_password");
        if (!owner) throw new HttpError(400, MESSAGES.linkInvalid);
        return { success: true as const, passkeys: await repo.passkeysAtReset(owner.userId) };
      },
      {
        body: ResetTokenBody,
        parse: "json",
        response: { 200: ResetPasskeysResponse, ...errorResponses(400, 413, 415, 422, 503) },
        detail: {
          summary: "The passkeys a password reset would touch",
          description:
            "For the reset page, with the reset link's token (not used up): every passkey of the account, `goes` for those the reset removes by itself; the others may be chosen in `remove_passkeys`. 400 for an unknown, used or expired link alike.",
        },
      },
    )
    .get(
      "/remembered-devices",
      async ({ session }) => ({ success: true as const, devices: await devices.list(session.user.id) }),
      {
        auth: true,
        response: { 200: RememberedDevicesResponse, ...errorResponses(401, 503) },
        detail: {
          summary: "The browsers that skip the code step",
          description: "Each remembered at the code step for 30 days; the Sessions page lists them.",
          security: READ_SECURITY,
        },
      },
    )
    .delete(
      "/remembered-devices/:id",
      async ({ params, session, meta }) => {
        if (!UUID.test(params.id) || !(await devices.forget(session.user.id, params.id, meta))) {
          throw new HttpError(404, MESSAGES.deviceNotFound);
        }
        return { success: true as const, msg: MESSAGES.deviceForgotten };
      },
      {
        auth: true,
        meta: true,
        params: DeviceParams,
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 503) },
        detail: {
          summary: "Forget a remembered browser",
          description: "It is asked for the code again. 404 for an unknown id and another user's device alike.",
          security: WRITE_SECURITY,
        },
      },
    );
}
