/**
 * The help desk: what an admin of an auth service is asked for every week. Reset a user's second
 * factor (a lost phone and lost codes), send a reset link, send the confirmation again or mark the
 * address confirmed, end one session. Each is an admin write (admin/writes.ts: the actor read again
 * under a lock, the target locked) whose change, the user's event, the mail it sends and the audit
 * entry are one transaction.
 */
import { Elysia, t } from "elysia";
import { HttpError } from "../http/errors.ts";
import { MESSAGES as SHARED } from "../http/messages.ts";
import { errorResponses, MessageResponse, WRITE_SECURITY } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import type { Sql } from "../platform/db/sql.ts";
import type { Blocklist } from "../platform/store/store.ts";
import { recordEvent } from "../users/events.ts";
import { adminGuard, adminKit } from "./kit.ts";
import { ADMIN_MESSAGES as MESSAGES } from "./messages.ts";
import { SessionIdParams, UidParams } from "./model.ts";
import type { AdminRepository } from "./repository.ts";
import { type Actor, adminWrites, type Target, writeAudit } from "./writes.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sessionNotFound = (): HttpError => new HttpError(404, SHARED.sessionNotFound);

export const ResetTwoFactorBody = t.Object({
  passkeys: t.Optional(t.Boolean({ description: "Remove the passkeys too (default false)" })),
});

export interface HelpDeskDeps {
  kit: RouteKit;
  repo: AdminRepository;
  blocklist: Blocklist;
}

type OnUser = (
  session: { user: { id: string; stable_id: string; email: string } },
  uid: string,
  write: (tx: Sql, user: Target, actor: Actor, confirmed: boolean) => Promise<void>,
) => Promise<void>;

/**
 * One help-desk write on the user `uid`: an admin write (the actor read again under a lock) with
 * the user's row locked; `write` gets the transaction, the user, the actor and whether the
 * address is confirmed. A user gone meanwhile is 404.
 */
function helpDeskWrite(sql: Sql, repo: AdminRepository): OnUser {
  const { asAdmin } = adminWrites(sql);
  const { target, actorOf, done } = adminKit(repo);
  return async (session, uid, write) => {
    const actor = actorOf(session.user);
    const user = await target(uid);
    done(
      await asAdmin(actor, async (tx) => {
        const row = await repo.lockedAddress(tx, user.id);
        if (!row) return "not_found";
        await write(tx, user, actor, row.confirmed);
        return "ok";
      }),
    );
  };
}

/** A lost second factor, a reset link, a confirmation link. */
export function helpDeskRoutes({ kit, repo }: HelpDeskDeps) {
  const { mail, hooks } = kit;
  const { endSessions } = adminWrites(kit.sql);
  const onUser = helpDeskWrite(kit.sql, repo);
  // A mail an admin caused goes in the user's language, or the server's default (not the admin's).
  const recipient = <T extends Target>(user: T): T => ({ ...user, language: user.language ?? kit.defaultLanguage });
  return new Elysia({ prefix: "/api/admin/users", tags: ["admin"] })
    .use(kit.context)
    .use(adminGuard(kit.auth))
    .post(
      "/:uid/reset-two-factor",
      async ({ params, body, session, meta }) => {
        await onUser(session, params.uid, async (tx, user, actor) => {
          const had = await hooks.secondFactorsReset(tx, user, { passkeys: body.passkeys === true }, meta);
          await endSessions(tx, user.id, "signed_out_elsewhere");
          await mail.notify(tx, recipient(user), "two_factor_reset", meta);
          await writeAudit(tx, actor, "two_factor_reset", user, meta, had);
        });
        return { success: true as const, msg: MESSAGES.twoFactorReset };
      },
      {
        admin: true,
        meta: true,
        params: UidParams,
        body: ResetTwoFactorBody,
        parse: "json",
        response: { 200: MessageResponse, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 503) },
        detail: {
          summary: "Reset a user's two-factor sign-in",
          description:
            "For a user who lost their phone and their recovery codes: the authenticator app, the recovery codes and the remembered devices removed (and the passkeys, with `passkeys: true`), every session ended, a notice mailed, audited. The user then signs in with the password and sets up a factor again.",
          security: WRITE_SECURITY,
        },
      },
    )
    .post(
      "/:uid/send-reset",
      async ({ params, session, meta, set }) => {
        await onUser(session, params.uid, async (tx, user, actor) => {
          await mail.sendReset(tx, recipient(user), meta);
          await writeAudit(tx, actor, "reset_link_sent", user, meta);
        });
        set.status = 202;
        return { success: true as const, msg: MESSAGES.resetLinkSent };
      },
      {
        admin: true,
        meta: true,
        params: UidParams,
        response: { 202: MessageResponse, ...errorResponses(401, 403, 404, 503) },
        detail: {
          summary: "Mail a user a password reset link",
          description: "The same link as Forgot password (30 minutes, once); older ones void. Audited.",
          security: WRITE_SECURITY,
        },
      },
    )
    .post(
      "/:uid/send-confirmation",
      async ({ params, session, meta, set }) => {
        await onUser(session, params.uid, async (tx, user, actor, confirmed) => {
          if (confirmed) throw new HttpError(409, MESSAGES.addressAlreadyConfirmed);
          await mail.sendVerification(tx, recipient(user));
          await writeAudit(tx, actor, "confirmation_sent", user, meta);
        });
        set.status = 202;
        return { success: true as const, msg: MESSAGES.confirmationSent };
      },
      {
        admin: true,
        meta: true,
        params: UidParams,
        response: { 202: MessageResponse, ...errorResponses(401, 403, 404, 409, 503) },
        detail: {
          summary: "Mail a user a new confirmation link",
          description: "Older confirmation links void. 409 when the address is already confirmed. Audited.",
          security: WRITE_SECURITY,
        },
      },
    );
}

/** An address the admin knows is the user's; one session ended. */
export function helpDeskConfirmRoutes({ kit, repo, blocklist }: HelpDeskDeps) {
  const { mail, hooks } = kit;
  const onUser = helpDeskWrite(kit.sql, repo);
  return new Elysia({ prefix: "/api/admin/users", tags: ["admin"] })
    .use(kit.context)
    .use(adminGuard(kit.auth))
    .post(
      "/:uid/confirm-email",
      async ({ params, session, meta }) => {
        await onUser(session, params.uid, async (tx, user, actor, confirmed) => {
          if (confirmed) throw new HttpError(409, MESSAGES.addressAlreadyConfirmed);
          const record = await mail.markConfirmed(tx, user.id, meta);
          if (record) await hooks.addressConfirmed(tx, record, meta);
          await mail.voidLinks(tx, user.id, "verify_email");
          await writeAudit(tx, actor, "email_confirmed", user, meta);
        });
        return { success: true as const, msg: MESSAGES.addressMarkedConfirmed };
      },
      {
        admin: true,
        meta: true,
        params: UidParams,
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 409, 503) },
        detail: {
          summary: "Mark a user's address confirmed",
          description:
            "When the admin knows the address is the user's (they asked in person, say): as if the link had been followed; the confirmation links void. 409 when already confirmed. Audited.",
          security: WRITE_SECURITY,
        },
      },
    )
    .delete(
      "/:uid/sessions/:id",
      async ({ params, session, meta }) => {
        if (!UUID.test(params.id)) throw sessionNotFound();
        const sid = params.id.toLowerCase();
        await onUser(session, params.uid, async (tx, user, actor) => {
          const live = await repo.liveSession(tx, user.id, sid);
          if (!live) throw sessionNotFound();
          // The store first (every replica refuses the session at once); with it down, this fails
          // (503) and the row still says the session is live.
          const ttl = Math.max(1, Math.ceil((live.expiresAt.getTime() - Date.now()) / 1000));
          await blocklist.endSessions([{ sid, ttlSeconds: ttl }]);
          await repo.endSessionRow(tx, sid);
          await recordEvent(tx, user.id, "session_revoked", meta);
          await writeAudit(tx, actor, "session_revoked", user, meta, { session: sid });
        });
        return { success: true as const, msg: SHARED.sessionRevoked };
      },
      {
        admin: true,
        meta: true,
        params: SessionIdParams,
        response: { 200: MessageResponse, ...errorResponses(401, 403, 404, 503) },
        detail: {
          summary: "End one session of a user",
          description:
            "That session ends on every replica at once; the user's other sessions go on. 404 for an unknown user, or a session that is not one of theirs or has ended. Audited.",
          security: WRITE_SECURITY,
        },
      },
    );
}
