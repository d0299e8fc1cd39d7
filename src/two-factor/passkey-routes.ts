import { HttpError, invalidFields } from "../http/errors.ts";
import { FIELD_MESSAGES, MESSAGES as SHARED } from "../http/messages.ts";
import { errorResponses, MessageResponse, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import type { Session } from "../session/service.ts";
import type { UserRecord } from "../users/repository.ts";
import { TWO_FACTOR_MESSAGES as MESSAGES } from "./messages.ts";
import {
  PasskeyBody,
  PasskeyNameBody,
  PasskeyOptionsBody,
  PasskeyParams,
  PasskeyResponse,
  PasskeysResponse,
  ResetPasskeysResponse,
  ResetTokenBody,
  WebAuthnOptions,
} from "./model.ts";
import { webauthnHandleOf } from "./projection.ts";
import { confirmedPassword, routesOf, UUID } from "./routes.ts";
import type { TwoFactor } from "./service.ts";

/** How recent a sign-in counts as proof for adding a passkey without the password. */
export const FRESH_SIGN_IN_SECONDS = 10 * 60;

const passkeyNotFound = (): HttpError => new HttpError(404, MESSAGES.passkeyNotFound);

/** A passkey's name: trimmed, 1–64 characters; the default names the day it was added. */
function passkeyName(raw: string | undefined, today: Date): string {
  const name = (raw ?? "").normalize("NFKC").trim();
  if (raw === undefined || name === "") return `Passkey, ${today.toISOString().slice(0, 10)}`;
  if ([...name].length > 64) throw invalidFields([{ field: "name", message: FIELD_MESSAGES.lengthBetween(1, 64) }]);
  return name;
}

/** Adding a passkey: it takes a fresh proof. */
export function passkeyAddRoutes(kit: RouteKit, { passkeys, ceremonies, now }: TwoFactor) {
  const { sql, mail, sessions, confirmPassword: withPassword } = kit;
  /**
   * A passkey is a way in that outlives the session that adds it: adding one takes the password
   * again (counted like any wrong one), or a sign-in of the last 10 minutes. An older token, a
   * stolen one say, cannot plant one.
   */
  const freshProof = async (session: Session<UserRecord>, password: string | undefined): Promise<void> => {
    if (password !== undefined && password !== "") {
      await withPassword(session.user, confirmedPassword(password), SHARED.passwordWrong, async () => {});
      return;
    }
    if (!sessions.signedInWithin(session, FRESH_SIGN_IN_SECONDS)) throw new HttpError(403, MESSAGES.passkeyNeedsProof);
  };
  return routesOf(kit)
    .post(
      "/passkeys/options",
      async ({ body, session }): Promise<Record<string, unknown>> => {
        await freshProof(session, body.password);
        return {
          ...(await ceremonies.registrationOptions(
            { ...session.user, webauthn_handle: webauthnHandleOf(session.user) },
            await passkeys.credentialIds(session.user.id),
          )),
        };
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
          const added = await passkeys.addPasskey(tx, user.id, { ...credential, name, addedBy }, meta);
          if (!added) throw new HttpError(400, MESSAGES.passkeyNotVerified);
          await mail.notify(tx, user, "second_factor_added", meta);
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
    );
}

/** The account's passkeys: listed, renamed, removed. */
export function passkeyRoutes(kit: RouteKit, { passkeys, now }: TwoFactor) {
  const { sql, mail } = kit;
  return routesOf(kit)
    .get(
      "/passkeys",
      async ({ session }) => ({ success: true as const, passkeys: await passkeys.passkeys(session.user.id) }),
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
        const passkey = await passkeys.renamePasskey(session.user.id, params.id, name);
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
          if (!(await passkeys.removePasskey(tx, user.id, params.id, meta))) throw passkeyNotFound();
          await mail.notify(tx, user, "second_factor_removed", meta);
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
    );
}

/** What a reset link would remove. */
export function resetPasskeyRoutes(kit: RouteKit, { passkeys }: TwoFactor) {
  return routesOf(kit).post(
    "/password/reset/passkeys",
    async ({ body }) => {
      const owner = await kit.mail.resetLinkOwner(body.token);
      return { success: true as const, passkeys: await passkeys.passkeysAtReset(owner.userId) };
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
  );
}
