import { Elysia } from "elysia";
import { HttpError, invalidFields } from "../http/errors.ts";
import { MESSAGES as SHARED } from "../http/messages.ts";
import { errorResponses, MessageResponse, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import { validatePresentPassword } from "../users/validation.ts";
import { acceptedStep, newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpUri } from "./codes.ts";
import { TWO_FACTOR_MESSAGES as MESSAGES } from "./messages.ts";
import {
  CodeBody,
  DeviceParams,
  PasswordConfirmBody,
  RecoveryCodesResponse,
  RememberedDevicesResponse,
  TotpEnrolment,
} from "./model.ts";
import { mfaOf } from "./projection.ts";
import type { TwoFactor } from "./service.ts";

const ISSUER = "Datta Dashboard";
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function confirmedPassword(password: string): string {
  const input = validatePresentPassword(password);
  if (!input.ok) throw invalidFields(input.errors);
  return input.value;
}

const freshCodes = () => {
  const codes = newRecoveryCodes();
  return { codes, hashes: codes.map(recoveryCodeHash) };
};

export const routesOf = (kit: RouteKit) =>
  new Elysia({ prefix: "/api/users", tags: ["two-factor"] }).use(kit.context).use(kit.auth);

/** Setting up an authenticator app: a secret, then a first code. */
export function appSetupRoutes(kit: RouteKit, { repo, now }: TwoFactor) {
  const { sql, mail, confirmPassword: withPassword } = kit;
  return routesOf(kit)
    .post(
      "/2fa/totp",
      async ({ body, session }) => {
        const user = session.user;
        return withPassword(user, confirmedPassword(body.password), SHARED.passwordWrong, async () => {
          const secret = newTotpSecret();
          if (mfaOf(user).totp || !(await repo.beginTotp(user.id, secret))) {
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
          await mail.notify(tx, user, "second_factor_added", meta);
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
    );
}

/** Removing the app; new recovery codes. */
export function appChangeRoutes(kit: RouteKit, { repo }: TwoFactor) {
  const { sql, mail, confirmPassword: withPassword } = kit;
  return routesOf(kit)
    .delete(
      "/2fa/totp",
      async ({ body, session, meta }) => {
        const user = session.user;
        await withPassword(user, confirmedPassword(body.password), SHARED.passwordWrong, () =>
          sql.begin(async (tx) => {
            if (!(await repo.disableTotp(tx, user.id, meta))) throw new HttpError(404, MESSAGES.totpNotEnabled);
            await mail.notify(tx, user, "second_factor_removed", meta);
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
        await withPassword(user, confirmedPassword(body.password), SHARED.passwordWrong, async () => {
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
    );
}

/** The browsers that skip the code step. */
export function deviceRoutes(kit: RouteKit, { devices }: TwoFactor) {
  return routesOf(kit)
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
