import { Elysia, t } from "elysia";
import { authPlugin, type AuthDeps } from "../auth/plugin.ts";
import { clearSessionCookies, setSessionCookies } from "../auth/cookies.ts";
import type { PasswordHasher } from "../auth/password.ts";
import { HttpError, invalidFields } from "../http/errors.ts";
import type { Store } from "../store/store.ts";
import { toPublicUser } from "../users/repository.ts";
import { validateCredentials, validateProfileChanges, validateSignup } from "../users/validation.ts";

export const SignupBody = t.Object({
  username: t.String({ description: "3–50 characters after trimming: letters, digits, _, - and ." }),
  email: t.String({ description: "A valid e-mail address, at most 254 characters; case-insensitive" }),
  password: t.String({ description: "8–128 characters; not the e-mail address" }),
});

export const CredentialsBody = t.Object({
  email: t.String(),
  password: t.String({ description: "At most 128 characters" }),
});

export const ProfileBody = t.Object({
  username: t.Optional(t.String({ description: "3–50 characters after trimming: letters, digits, _, - and ." })),
  email: t.Optional(t.String({ description: "A valid e-mail address, at most 254 characters" })),
});

export type SignupInput = typeof SignupBody.static;

export interface UserRouteDeps extends AuthDeps {
  passwords: PasswordHasher;
  store: Store;
}

const emailTaken = (): HttpError => new HttpError(409, "That e-mail address is already registered.");
/** One answer for an unknown e-mail and a wrong password, so neither can be told apart. */
const badCredentials = (): HttpError => new HttpError(401, "Wrong e-mail or password.");

export function userRoutes(deps: UserRouteDeps, seed: string) {
  const { users, passwords, tokens, store, cookies } = deps;

  return new Elysia({ prefix: "/api/users" })
    .use(authPlugin(deps, seed))
    .post(
      "/signup",
      async ({ body, set }) => {
        const input = validateSignup(body);
        if (!input.ok) throw invalidFields(input.errors);
        const { username, email, password } = input.value;
        const created = await users.create({ username, email, passwordHash: await passwords.hash(password) });
        if (!created.ok) throw emailTaken();
        set.status = 201;
        return { success: true, msg: "Account created.", user: toPublicUser(created.user) };
      },
      { body: SignupBody },
    )
    .post(
      "/login",
      async ({ body, cookie }) => {
        const input = validateCredentials(body);
        if (!input.ok) throw invalidFields(input.errors);
        const user = await users.findByEmail(input.value.email);
        // Unknown e-mail: verify against a dummy hash anyway, so both failures take as long.
        const valid = await passwords.verify(input.value.password, user?.password_hash ?? null);
        if (!user || !valid) throw badCredentials();

        const issued = await tokens.issue(user.public_id);
        if (!issued.ok) throw badCredentials();
        setSessionCookies(cookie, cookies, issued.token, issued.claims.csrf, tokens.secondsLeft(issued.claims));
        return { success: true, msg: "Signed in.", user: toPublicUser(user), csrf_token: issued.claims.csrf };
      },
      { body: CredentialsBody },
    )
    .get("/me", ({ session }) => ({ success: true, user: toPublicUser(session.user) }), { auth: true })
    .put(
      "/update",
      async ({ body, session }) => {
        const input = validateProfileChanges(body);
        if (!input.ok) throw invalidFields(input.errors);
        const updated = await users.update(session.user.id, input.value);
        if (!updated.ok) throw updated.reason === "email_taken" ? emailTaken() : new HttpError(401, "Authentication required.");
        return { success: true, msg: "Profile updated.", user: toPublicUser(updated.user) };
      },
      { auth: true, body: ProfileBody },
    )
    .post(
      "/logout",
      async ({ session, cookie }) => {
        // Revoke first: if the store is down this fails (503) before anything else changes.
        await store.revoke(session.claims.jti, tokens.secondsLeft(session.claims));
        const user = (await users.rotatePublicId(session.user.id)) ?? session.user;
        clearSessionCookies(cookie, cookies);
        return { success: true, msg: "Signed out.", user: toPublicUser(user) };
      },
      { auth: true },
    );
}
