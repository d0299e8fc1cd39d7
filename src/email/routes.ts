import { Elysia } from "elysia";
import { HttpError, invalidFields } from "../http/errors.ts";
import { errorResponses, MessageResponse, WRITE_SECURITY } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import { guarded } from "../platform/rate-limit.ts";
import { commonPasswordCheck } from "../users/common-passwords.ts";
import { UserResponse } from "../users/model.ts";
import { validateEmailAddress, validateResetPassword } from "../users/validation.ts";
import { type AccountMailer, linkInvalid } from "./mailer.ts";
import { EMAIL_MESSAGES as MESSAGES } from "./messages.ts";
import { ForgotBody, ResetBody, VerifyBody } from "./model.ts";
import type { EmailRepository } from "./repository.ts";

export interface EmailRouteDeps {
  kit: RouteKit;
  mailer: AccountMailer;
  repo: EmailRepository;
}

/** Forgot password, and reset it through the mailed link. */
export function resetRoutes({ kit, mailer, repo }: EmailRouteDeps) {
  const { sql, passwords, context, limiter, hooks } = kit;
  const { links } = mailer;
  return new Elysia({ prefix: "/api/users", tags: ["e-mail"] })
    .use(context)
    .post(
      "/password/forgot",
      async ({ body, meta, set }) => {
        const input = validateEmailAddress(body.email);
        if (!input.ok) throw invalidFields(input.errors);
        await limiter.attempt("resetRequests", { email: input.value, ip: meta.ip });
        mailer.requestReset(input.value, meta);
        set.status = 202;
        return { success: true as const, msg: MESSAGES.resetRequested };
      },
      {
        meta: true,
        body: ForgotBody,
        parse: "json",
        response: { 202: MessageResponse, ...errorResponses(400, 413, 415, 422, 429, 503) },
        detail: {
          summary: "Mail a password reset link",
          description:
            "The same 202 whether or not an account uses the address. The link (PUBLIC_URL/reset-password#token=…) works once, for 30 minutes; a newer one voids it. 429 after 5 requests per address or 20 per IP in an hour.",
        },
      },
    )
    .post(
      "/password/reset",
      async ({ body, meta }) => {
        const owner = await links.peek(body.token, "reset_password");
        if (!owner) throw linkInvalid();
        const input = validateResetPassword(body.new_password, owner.email, await commonPasswordCheck());
        if (!input.ok) throw invalidFields(input.errors);
        const passwordHash = await passwords.hash(input.value);
        await sql.begin(async (tx) => {
          // Used here, in the change's transaction: of two resets racing with one link, one wins.
          const used = await links.use(tx, body.token, "reset_password");
          if (!used || used.userId !== owner.userId) throw linkInvalid();
          // Before the sessions end: what they planted (passkeys) goes with them, and what was chosen.
          await hooks.passwordReset(
            tx,
            { id: used.userId, email: used.email, language: null },
            { removePasskeys: body.remove_passkeys ?? [] },
            meta,
          );
          const user = await repo.with(tx).resetPassword(used.userId, passwordHash, meta);
          if (!user) throw linkInvalid();
          // The link proved the address, as a confirmation link does.
          await hooks.addressConfirmed(tx, user, meta);
          await links.voidAll(tx, user.id, "reset_password");
          await mailer.notify(tx, user, "password_reset", meta);
        });
        return { success: true as const, msg: MESSAGES.passwordReset };
      },
      {
        meta: true,
        body: ResetBody,
        parse: "json",
        response: { 200: MessageResponse, ...errorResponses(400, 413, 415, 422, 503) },
        detail: {
          summary: "Set a new password with a reset link",
          description:
            "Sets the password, rotates public_id (every session of the account ends), voids every reset link and mails a notice. Removes the passkeys added by the sessions it ends or before the address was confirmed, and those in `remove_passkeys` (a notice when any went). Confirms the address (ADMIN_EMAILS' role follows). 400 for an unknown, used or expired link alike; 422 when the password breaks the sign-up rules.",
        },
      },
    );
}

/** Confirm an address with the mailed link; ask for a new link. */
export function confirmationRoutes({ kit, mailer, repo }: EmailRouteDeps) {
  const { sql, users, auth, context, limiter, hooks } = kit;
  const { links } = mailer;
  return new Elysia({ prefix: "/api/users", tags: ["e-mail"] })
    .use(context)
    .use(auth)
    .post(
      "/email/verify",
      async ({ body, meta }) => {
        const user = await sql.begin(async (tx) => {
          const used = await links.use(tx, body.token, "verify_email");
          if (!used) throw linkInvalid();
          const verified = await repo.with(tx).markEmailVerified(used.userId, meta);
          if (!verified) throw linkInvalid();
          await hooks.addressConfirmed(tx, verified, meta);
          return (await users.with(tx).findById(verified.id)) ?? verified;
        });
        return { success: true as const, msg: MESSAGES.emailVerified, user: kit.present(user) };
      },
      {
        meta: true,
        body: VerifyBody,
        parse: "json",
        response: { 200: UserResponse, ...errorResponses(400, 413, 415, 422, 503) },
        detail: {
          summary: "Confirm the address with a mailed link",
          description:
            "Needs no session: the link (PUBLIC_URL/verify-email#token=…) works once, for 24 hours, and only while the account still has the address it was mailed to. 400 for an unknown, used or expired link alike.",
        },
      },
    )
    .post(
      "/email/resend",
      async ({ session, set }) => {
        const user = session.user;
        if (user.email_verified) throw new HttpError(409, MESSAGES.alreadyVerified);
        const attempt = await limiter.attempt("verificationMails", { account: user.id });
        await guarded(attempt, () => sql.begin((tx) => mailer.sendVerification(tx, user)));
        set.status = 202;
        return { success: true as const, msg: MESSAGES.verificationSent };
      },
      {
        auth: true,
        response: { 202: MessageResponse, ...errorResponses(401, 403, 409, 429, 503) },
        detail: {
          summary: "Mail a new confirmation link",
          description:
            "Older confirmation links of the account void. 409 when the address is already confirmed; 429 after 5 in an hour.",
          security: WRITE_SECURITY,
        },
      },
    );
}
