/**
 * What the account mails, and when (the kit's `mail`, which every feature uses): each message is
 * written to the outbox in the transaction of the change that causes it (the caller's `tx`), so
 * both commit or neither. Delivery is mail/ (the outbox and its worker, the transport).
 *
 *   sign-up, new address   a confirmation link (24 h) to the address
 *   forgot password        a reset link (30 min), in one statement whether or not the account exists
 *   notices                password changed or reset, address changed (to the old one), a second
 *                          factor added or removed, a sign-in from a device not seen in 30 days
 */

import type { RequestMeta } from "../http/context.ts";
import { HttpError } from "../http/errors.ts";
import { inLanguage, requestLanguage } from "../http/language.ts";
import type { Logger } from "../http/log.ts";
import type { AccountMail, Recipient } from "../kit.ts";
import { enqueueMail, sealMailBody } from "../mail/outbox.ts";
import type { Sql } from "../platform/db/sql.ts";
import type { Sealer } from "../platform/sealed.ts";
import { recordEvent } from "../users/events.ts";
import { createEmailLinks, type EmailLinks, LINK_LIFETIME_SECONDS, type LinkOwner, newLinkToken } from "./links.ts";
import { EMAIL_MESSAGES } from "./messages.ts";
import { createEmailRepository } from "./repository.ts";
import { noticeMail, type Occasion, resetMail, verificationMail } from "./templates.ts";

export interface AccountMailOptions {
  sql: Sql;
  /** Seals each message's bodies in the outbox (they carry the link's token until sent). */
  sealer: Sealer;
  /** PUBLIC_URL: the origin of every link. */
  publicUrl: string;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  logger: Logger;
}

export interface AccountMailer extends AccountMail {
  links: EmailLinks;
  /**
   * A reset link for the account with this address, if there is one, with its
   * `password_reset_requested` event; older reset links void: one statement, run after the caller
   * has answered. Whether the address is known changes what the statement writes (and so how long
   * it takes), so no answer waits for it; `settled()` does, and shutdown calls it.
   */
  requestReset(email: string, meta: RequestMeta): void;
}

/** One answer for every link that cannot be used: unknown, used, voided, expired, malformed. */
export const linkInvalid = (): HttpError => new HttpError(400, EMAIL_MESSAGES.linkInvalid);

/** A message written in the recipient's language (their choice; else the request's, theirs when they caused it). */
const inLanguageOf = <T>(recipient: Recipient, write: () => T): T =>
  inLanguage(recipient.language ?? requestLanguage(), write, recipient.time_zone ?? null);

export function createAccountMailer({
  sql,
  sealer,
  publicUrl,
  now = Date.now,
  logger,
}: AccountMailOptions): AccountMailer {
  const pending = new Set<Promise<void>>();
  const links = createEmailLinks(sql, now);
  const repo = createEmailRepository(sql);
  const occasion = (meta: RequestMeta): Occasion => ({
    at: new Date(now()),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
  });

  /** The reset request as one statement: the same statement whether or not an account has the address. */
  async function writeResetRequest(email: string, meta: RequestMeta): Promise<void> {
    const { token, hash } = newLinkToken();
    const message = resetMail(email, publicUrl, token, occasion(meta));
    const t = now();
    const expires = new Date(t + LINK_LIFETIME_SECONDS.reset_password * 1000);
    await repo.writeResetRequest(
      { email, hash, at: new Date(t), expires },
      { subject: message.subject, sealedBody: sealMailBody(sealer, message) },
      meta,
    );
  }

  return {
    links,

    notify: (tx, to, kind, meta) =>
      enqueueMail(
        tx,
        sealer,
        inLanguageOf(to, () => noticeMail(to.email, kind, occasion(meta))),
      ),

    async sendReset(tx, user, meta) {
      const token = await links.issue(tx, { userId: user.id, email: user.email }, "reset_password");
      await enqueueMail(
        tx,
        sealer,
        inLanguageOf(user, () => resetMail(user.email, publicUrl, token, occasion(meta))),
      );
      await recordEvent(tx, user.id, "password_reset_requested", meta);
    },

    async sendVerification(tx, user) {
      const token = await links.issue(tx, { userId: user.id, email: user.email }, "verify_email");
      await enqueueMail(
        tx,
        sealer,
        inLanguageOf(user, () => verificationMail(user.email, publicUrl, token)),
      );
    },

    voidLinks: (tx, userId, purpose) => (purpose ? links.voidAll(tx, userId, purpose) : links.voidEvery(tx, userId)),

    markConfirmed: (tx, userId, meta) => repo.with(tx).markEmailVerified(userId, meta),

    async resetLinkOwner(token): Promise<LinkOwner> {
      const owner = await links.peek(token, "reset_password");
      if (!owner) throw linkInvalid();
      return owner;
    },

    requestReset(email, meta) {
      const write = writeResetRequest(email, meta).catch((error: unknown) =>
        // Neither the address nor the token: only that a request was lost (the user asks again).
        logger.error("password reset request not written", { detail: error instanceof Error ? error.name : "error" }),
      );
      pending.add(write);
      void write.finally(() => pending.delete(write));
    },

    async settled() {
      await Promise.all([...pending]);
    },
  };
}
