import { Elysia, t } from "elysia";
import { clearSessionCookies, exposeSessionTimes, setSessionCookies } from "../session/transport.ts";
import type { PasswordHasher } from "./password.ts";
import { authPlugin, type AuthDeps } from "../session/plugin.ts";
import { HttpError, invalidFields } from "../http/errors.ts";
import { errorResponses, READ_SECURITY, UserResponse, UserSchema, WRITE_SECURITY } from "../http/schemas.ts";
import type { Store } from "../platform/store/store.ts";
import { EVENT_TYPES, toPublicUser, type RequestMeta } from "./repository.ts";
import {
  validateNewPassword,
  validatePresentPassword,
  validateProfileChanges,
  validateSignup,
} from "./validation.ts";

export const SignupBody = t.Object({
  username: t.String({ description: "3–50 characters after trimming: letters, digits, _, - and ." }),
  email: t.String({ description: "A valid e-mail address, at most 254 characters; case-insensitive" }),
  password: t.String({ description: "8–128 characters; not the e-mail address" }),
});

export const ProfileBody = t.Object({
  username: t.Optional(t.String({ description: "3–50 characters after trimming: letters, digits, _, - and ." })),
  email: t.Optional(t.String({ description: "A valid e-mail address, at most 254 characters" })),
});

export const PasswordBody = t.Object({
  current_password: t.String({ description: "The password in use now" }),
  new_password: t.String({ description: "8–128 characters; not the e-mail address" }),
});

export const DeleteBody = t.Object({ password: t.String({ description: "The account's password, to confirm" }) });

export const ActivityResponse = t.Object({
  success: t.Literal(true),
  daily: t.Array(
    t.Object({ date: t.String({ format: "date" }), logins: t.Integer(), failed: t.Integer() }),
    { description: "Sign-ins and failed sign-ins per UTC day over the last 14 days, oldest first" },
  ),
  events: t.Array(
    t.Object({
      type: t.UnionEnum(EVENT_TYPES),
      at: t.String({ format: "date-time" }),
      ip: t.Nullable(t.String()),
      user_agent: t.Nullable(t.String()),
    }),
    { description: "Newest first, at most 50" },
  ),
});

export interface UserRouteDeps extends AuthDeps {
  passwords: PasswordHasher;
  store: Store;
  requestMeta(request: Request, socketIp: string | null): RequestMeta;
}

const emailTaken = (): HttpError => new HttpError(409, "That e-mail address is already registered.");
const sessionGone = (): HttpError => new HttpError(401, "Authentication required.");

/** The account: sign up, read and edit it, change its password, see its activity, delete it. */
export function userRoutes(deps: UserRouteDeps, seed: string) {
  const { users, passwords, tokens, store, cookies, requestMeta } = deps;

  return new Elysia({ prefix: "/api/users", tags: ["account"] })
    .use(authPlugin(deps, seed))
    .post(
      "/signup",
      async ({ body, set, request, server }) => {
        const input = validateSignup(body);
        if (!input.ok) throw invalidFields(input.errors);
        const { username, email, password } = input.value;
        const meta = requestMeta(request, server?.requestIP(request)?.address ?? null);
        const created = await users.create({ username, email, passwordHash: await passwords.hash(password) }, meta);
        if (!created.ok) throw emailTaken();
        set.status = 201;
        return { success: true as const, msg: "Account created.", user: toPublicUser(created.user) };
      },
      {
        body: SignupBody,
        parse: "json",
        response: { 201: UserResponse, ...errorResponses(400, 409, 413, 415, 422, 503) },
        detail: { summary: "Create an account" },
      },
    )
    .get("/me", ({ session }) => ({ success: true as const, user: toPublicUser(session.user) }), {
      auth: true,
      response: { 200: t.Object({ success: t.Literal(true), user: UserSchema }), ...errorResponses(401, 503) },
      detail: { summary: "The signed-in user", security: READ_SECURITY },
    })
    .put(
      "/update",
      async ({ body, session, request, server }) => {
        const input = validateProfileChanges(body);
        if (!input.ok) throw invalidFields(input.errors);
        if (input.value.username === undefined && input.value.email === undefined) {
          return { success: true as const, msg: "Nothing to change.", user: toPublicUser(session.user) };
        }
        const meta = requestMeta(request, server?.requestIP(request)?.address ?? null);
        const updated = await users.update(session.user.id, input.value, meta);
        if (!updated.ok) throw updated.reason === "email_taken" ? emailTaken() : sessionGone();
        return { success: true as const, msg: "Profile updated.", user: toPublicUser(updated.user) };
      },
      {
        auth: true,
        body: ProfileBody,
        parse: "json",
        response: { 200: UserResponse, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 503) },
        detail: { summary: "Change username and/or e-mail", security: WRITE_SECURITY },
      },
    )
    .put(
      "/password",
      async ({ body, session, cookie, request, server, set }) => {
        const input = validateNewPassword(body, session.user.email);
        if (!input.ok) throw invalidFields(input.errors);
        if (!(await passwords.verify(input.value.current_password, session.user.password_hash))) {
          throw new HttpError(403, "The current password is wrong.");
        }
        const meta = requestMeta(request, server?.requestIP(request)?.address ?? null);
        // New hash and new public_id together: every other token of this user dies at once.
        const user = await users.changePassword(session.user.id, await passwords.hash(input.value.new_password), meta);
        if (!user) throw sessionGone();
        // This session stays signed in: fresh cookies for the new subject, password just entered.
        let csrfToken: string | undefined;
        if (session.source === "cookie") {
          const issued = await tokens.issue(user.public_id);
          if (issued.ok) {
            setSessionCookies(cookie, cookies, issued.token, issued.claims.csrf, tokens.secondsLeft(issued.claims));
            exposeSessionTimes(set.headers, issued.claims.exp, tokens.sessionEnd(issued.claims));
            csrfToken = issued.claims.csrf;
          }
        }
        return { success: true as const, msg: "Password changed.", user: toPublicUser(user), csrf_token: csrfToken };
      },
      {
        auth: true,
        body: PasswordBody,
        parse: "json",
        response: {
          200: t.Object({
            success: t.Literal(true),
            msg: t.String(),
            user: UserSchema,
            csrf_token: t.Optional(t.String({ description: "The new CSRF value, for cookie sessions" })),
          }),
          ...errorResponses(400, 401, 403, 413, 415, 422, 503),
        },
        detail: {
          summary: "Change the password",
          description:
            "Rotates public_id, so every other token of the user dies; a cookie session gets fresh cookies and stays signed in. 403: the current password is wrong.",
          security: WRITE_SECURITY,
        },
      },
    )
    .delete(
      "/me",
      async ({ body, session, cookie }) => {
        const input = validatePresentPassword(body.password);
        if (!input.ok) throw invalidFields(input.errors);
        if (!(await passwords.verify(input.value, session.user.password_hash))) {
          throw new HttpError(403, "The password is wrong.");
        }
        // Revoke first: with the store down this fails (503) before anything is deleted.
        await store.revoke(session.claims.jti, tokens.secondsLeft(session.claims));
        await users.delete(session.user.id);
        clearSessionCookies(cookie, cookies);
        return { success: true as const, msg: "Account deleted." };
      },
      {
        auth: true,
        body: DeleteBody,
        parse: "json",
        response: { 200: t.Object({ success: t.Literal(true), msg: t.String() }), ...errorResponses(400, 401, 403, 413, 415, 422, 503) },
        detail: {
          summary: "Delete the account",
          description: "Removes the account and its activity, revokes the token and clears the cookies. 403: the password is wrong.",
          security: WRITE_SECURITY,
        },
      },
    )
    .get(
      "/activity",
      async ({ session }) => {
        const [events, daily] = await Promise.all([users.listEvents(session.user.id), users.dailySignIns(session.user.id)]);
        return { success: true as const, events, daily };
      },
      {
        auth: true,
        response: { 200: ActivityResponse, ...errorResponses(401, 503) },
        detail: { summary: "The account's security log", security: READ_SECURITY },
      },
    );
}
