import { Elysia } from "elysia";
import type { RequestMeta } from "../http/context.ts";
import { HttpError, invalidFields } from "../http/errors.ts";
import { chooseLanguage } from "../http/language.ts";
import { REQUEST_FIELD_MESSAGES, MESSAGES as SHARED } from "../http/messages.ts";
import type { NativeRoute } from "../http/native.ts";
import { errorResponses, MessageResponse, READ_SECURITY, WRITE_SECURITY } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import { guarded } from "../platform/rate-limit.ts";
import type { Session } from "../session/service.ts";
import { commonPasswordCheck } from "../users/common-passwords.ts";
import { activityEventSchema as activityEvent, MeResponse, RenewedUserResponse, UserResponse } from "../users/model.ts";
import type { UserRecord } from "../users/repository.ts";
import {
  validateNewPassword,
  validatePresentPassword,
  validateProfileChanges,
  validateSignup,
} from "../users/validation.ts";
import { ACCOUNT_MESSAGES as MESSAGES } from "./messages.ts";
import { ActivityQuery, activityResponse, DeleteBody, PasswordBody, ProfileBody, SignupBody } from "./model.ts";
import type { AccountRepository } from "./repository.ts";

export interface AccountRouteDeps {
  kit: RouteKit;
  repo: AccountRepository;
}

const emailTaken = (): HttpError => new HttpError(409, MESSAGES.emailTaken);
const sessionGone = (): HttpError => new HttpError(401, SHARED.authRequired);

/**
 * After a change that rotated public_id (every token of the user died): a cookie session goes on
 * with a fresh token for the new subject, the password just entered; a bearer token is not renewed.
 */
async function continueSession(
  kit: RouteKit,
  session: Session<UserRecord>,
  user: UserRecord,
  meta: RequestMeta,
  set: { headers: Record<string, unknown> },
): Promise<string | undefined> {
  if (session.source !== "cookie") return undefined;
  const issued = await kit.sessions.start(user, "browser", meta, "password");
  kit.transport.write({ set }, issued);
  return issued.csrf;
}

/**
 * GET /api/users/me, the signed-in user: the hottest read, served by Bun's router (http/native.ts);
 * the same handler answers the route in the Elysia app, which documents it.
 */
export const meRoute = (kit: RouteKit): NativeRoute<MeResponse> => ({
  path: "/api/users/me",
  handler: async (request, set) => {
    const { session } = await kit.auth.authenticate({ request, set }, request.method);
    return { success: true as const, user: kit.present(session.user) };
  },
});

/** Signing up, and the signed-in user. */
export function signupRoutes({ kit }: AccountRouteDeps) {
  const me = meRoute(kit);
  const { users, passwords, auth, context, limiter, sql, mail } = kit;
  return new Elysia({ prefix: "/api/users", tags: ["account"] })
    .use(context)
    .use(auth)
    .post(
      "/signup",
      async ({ body, set, meta }) => {
        const input = validateSignup(body, await commonPasswordCheck());
        if (!input.ok) throw invalidFields(input.errors);
        const { username, email, password } = input.value;
        const attempt = await limiter.attempt("signups", { ip: meta.ip });
        const passwordHash = await guarded(attempt, () => passwords.hash(password));
        // The account, its event and the confirmation mail, together. Always a `user`: an address in
        // ADMIN_EMAILS makes an admin once it is confirmed, never at sign-up.
        const created = await guarded(attempt, () =>
          sql.begin(async (tx) => {
            const result = await users.with(tx).create({ username, email, passwordHash }, meta);
            if (result.ok) await mail.sendVerification(tx, result.user);
            return result;
          }),
        );
        if (!created.ok) throw emailTaken();
        set.status = 201;
        return { success: true as const, msg: MESSAGES.accountCreated, user: kit.present(created.user) };
      },
      {
        meta: true,
        body: SignupBody,
        parse: "json",
        response: { 201: UserResponse, ...errorResponses(400, 409, 413, 415, 422, 429, 503) },
        detail: { summary: "Create an account" },
      },
    )
    .get("/me", ({ request, set }) => me.handler(request, set, null), {
      response: { 200: MeResponse, ...errorResponses(401, 503) },
      detail: { summary: "The signed-in user", security: READ_SECURITY },
    });
}

/** Changing the profile and the password: each ends every other session. */
export function changeRoutes({ kit, repo }: AccountRouteDeps) {
  const { passwords, auth, context, sql, mail, hooks, confirmPassword: withPassword } = kit;
  return new Elysia({ prefix: "/api/users", tags: ["account"] })
    .use(context)
    .use(auth)
    .put(
      "/update",
      async ({ body, session, meta, set, request }) => {
        const input = validateProfileChanges(body);
        if (!input.ok) throw invalidFields(input.errors);
        const { username, language } = input.value;
        const email = input.value.email === session.user.email ? undefined : input.value.email;
        // The answer is already in the language just chosen, and the browser remembers it.
        if (language) {
          chooseLanguage(language);
          kit.transport.language({ set }, request, language);
        }
        if (username === undefined && email === undefined && language === undefined) {
          return { success: true as const, msg: MESSAGES.nothingToChange, user: kit.present(session.user) };
        }
        if (email === undefined) {
          const updated = await repo.update(session.user.id, { username, language }, meta);
          if (!updated.ok) throw sessionGone();
          return { success: true as const, msg: MESSAGES.profileUpdated, user: kit.present(updated.user) };
        }
        // A new address is a way into the account (a reset link goes there): it takes the password,
        // counted like any other, as a password change does.
        if (!body.current_password) throw new HttpError(403, MESSAGES.passwordForNewAddress);
        const user = await withPassword(session.user, body.current_password, MESSAGES.currentPasswordWrong, () =>
          // With the change, together: every session of the account ends (public_id rotated), every
          // link mailed before voids, a role that came with the old address goes, a confirmation
          // link goes to the new address and a notice to the old one.
          sql.begin(async (tx) => {
            const updated = await repo.with(tx).update(session.user.id, { username, email, language }, meta);
            if (!updated.ok) throw updated.reason === "email_taken" ? emailTaken() : sessionGone();
            if (updated.previousEmail === null) return updated.user;
            await mail.voidLinks(tx, updated.user.id);
            await hooks.addressChanged(tx, updated.user, meta);
            await mail.sendVerification(tx, updated.user);
            await mail.notify(
              tx,
              { email: updated.previousEmail, language: updated.user.language, time_zone: updated.user.time_zone },
              "email_changed",
              meta,
            );
            return (await kit.users.with(tx).findById(updated.user.id)) ?? updated.user;
          }),
        );
        // This session stays signed in, as after a password change.
        const csrf_token = await continueSession(kit, session, user, meta, set);
        return { success: true as const, msg: MESSAGES.checkNewAddress, user: kit.present(user), csrf_token };
      },
      {
        auth: true,
        meta: true,
        body: ProfileBody,
        parse: "json",
        response: { 200: RenewedUserResponse, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503) },
        detail: {
          summary: "Change username and/or e-mail",
          description:
            "A new address needs `current_password` (403 without it or when wrong, counted like a wrong password: 429 past the limit). It rotates public_id, so every other session ends (a cookie session gets fresh cookies and stays signed in), voids every link mailed before, and withdraws an admin role that came from ADMIN_EMAILS until a listed address is confirmed.",
          security: WRITE_SECURITY,
        },
      },
    )
    .put(
      "/password",
      async ({ body, session, meta, set }) => {
        const input = validateNewPassword(body, session.user.email, await commonPasswordCheck());
        if (!input.ok) throw invalidFields(input.errors);
        const { current_password, new_password } = input.value;
        const user = await withPassword(session.user, current_password, MESSAGES.currentPasswordWrong, async () => {
          // New hash and new public_id together, only over the hash just verified: of two changes
          // racing from the same current password, one wins and the other finds it wrong.
          const newHash = await passwords.hash(new_password);
          // With the change: every reset link void, and a notice mailed.
          return sql.begin(async (tx) => {
            const changed = await repo
              .with(tx)
              .changePassword(session.user.id, session.user.password_hash, newHash, meta);
            if (!changed.ok) {
              throw changed.reason === "stale" ? new HttpError(403, MESSAGES.currentPasswordWrong) : sessionGone();
            }
            await mail.voidLinks(tx, changed.user.id, "reset_password");
            await hooks.passwordChanged(tx, changed.user, meta);
            await mail.notify(tx, changed.user, "password_changed", meta);
            return changed.user;
          });
        });
        const csrf_token = await continueSession(kit, session, user, meta, set);
        return { success: true as const, msg: MESSAGES.passwordChanged, user: kit.present(user), csrf_token };
      },
      {
        auth: true,
        meta: true,
        body: PasswordBody,
        parse: "json",
        response: { 200: RenewedUserResponse, ...errorResponses(400, 401, 403, 413, 415, 422, 429, 503) },
        detail: {
          summary: "Change the password",
          description:
            "Rotates public_id, so every other token of the user dies; a cookie session gets fresh cookies and stays signed in. 403: the current password is wrong.",
          security: WRITE_SECURITY,
        },
      },
    );
}

/** Deleting the account, and its security log. */
export function closingRoutes({ kit, repo }: AccountRouteDeps) {
  const { users, sessions, transport, auth, context, confirmPassword: withPassword } = kit;
  const ActivityResponse = activityResponse(activityEvent(kit.eventTypes));
  return new Elysia({ prefix: "/api/users", tags: ["account"] })
    .use(context)
    .use(auth)
    .delete(
      "/me",
      async ({ body, session, set }) => {
        const input = validatePresentPassword(body.password);
        if (!input.ok) throw invalidFields(input.errors);
        await withPassword(session.user, input.value, SHARED.passwordWrong, async () => {
          // Revoke first: with the store down this fails (503) before anything is deleted.
          await sessions.revoke(session);
          await users.delete(session.user.id);
        });
        transport.clear({ set });
        return { success: true as const, msg: MESSAGES.accountDeleted };
      },
      {
        auth: true,
        body: DeleteBody,
        parse: "json",
        response: { 200: MessageResponse, ...errorResponses(400, 401, 403, 413, 415, 422, 429, 503) },
        detail: {
          summary: "Delete the account",
          description:
            "Removes the account and its activity, revokes the token and clears the cookies. 403: the password is wrong.",
          security: WRITE_SECURITY,
        },
      },
    )
    .get(
      "/activity",
      async ({ session, query }) => {
        const timeZone = query.tz ?? "UTC";
        if (!isTimeZone(timeZone)) throw badTimeZone();
        const [events, daily, summary] = await Promise.all([
          repo.listEvents(session.user.id),
          repo.dailySignIns(session.user.id, timeZone).catch((error: unknown) => {
            // A zone this runtime knows but the database's time zone data does not.
            throw (error as { code?: unknown }).code === "22023" ? badTimeZone() : error;
          }),
          repo.signInSummary(session.user.id),
        ]);
        return { success: true as const, events, daily, ...summary };
      },
      {
        auth: true,
        query: ActivityQuery,
        response: { 200: ActivityResponse, ...errorResponses(401, 422, 503) },
        detail: { summary: "The account's security log", security: READ_SECURITY },
      },
    );
}

const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone"));
const badTimeZone = (): HttpError => invalidFields([{ field: "tz", message: REQUEST_FIELD_MESSAGES.timeZone }]);

/** An IANA time zone this runtime knows (Postgres knows the same database of zones). */
function isTimeZone(name: string): boolean {
  return name === "UTC" || TIME_ZONES.has(name);
}
