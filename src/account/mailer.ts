/**
 * What the account mails, and when: each message is written to the outbox in the transaction of
 * the change that causes it (the caller's `tx`), so both commit or neither.
 *
 *   sign-up, new address   a confirmation link (24 h) to the address
 *   forgot password        a reset link (30 min), in one statement whether or not the account exists
 *   notices                password changed or reset, address changed (to the old one), a second
 *                          factor added or removed, a sign-in from a device not seen in 30 days
 */
import { type RequestMeta, storedMeta } from "../http/context.ts";
import type { Logger } from "../http/log.ts";
import { describeAgent } from "../http/user-agent.ts";
import { type NoticeKind, noticeMail, type Occasion, resetMail, verificationMail } from "../mail/messages.ts";
import { enqueueMail, sealMailBody } from "../mail/outbox.ts";
import type { Sql } from "../platform/db/sql.ts";
import { clientNetwork } from "../platform/rate-limit.ts";
import type { Sealer } from "../platform/sealed.ts";
import type { SignInMethod } from "../session/records.ts";
import { createEmailLinks, type EmailLinks, LINK_LIFETIME_SECONDS, newLinkToken } from "./links.ts";
import type { UserRecord, UserRepository } from "./repository.ts";

/** How long a device stays known to an account without signing in again. */
export const KNOWN_DEVICE_DAYS = 30;

export interface AccountMailOptions {
  sql: Sql;
  users: UserRepository;
  /** Seals each message's bodies in the outbox (they carry the link's token until sent). */
  sealer: Sealer;
  /** PUBLIC_URL: the origin of every link. */
  publicUrl: string;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  logger: Logger;
}

export interface AccountMailer {
  links: EmailLinks;
  /** A confirmation link for the user's current address, mailed there. */
  sendVerification(tx: Sql, user: Pick<UserRecord, "id" | "email">): Promise<void>;
  notify(tx: Sql, to: string, kind: NoticeKind, meta: RequestMeta): Promise<void>;
  /**
   * A reset link for this account, mailed to its address now, with the `password_reset_requested`
   * event (an admin sending one for a user who asks): older reset links void.
   */
  sendReset(tx: Sql, user: Pick<UserRecord, "id" | "email">, meta: RequestMeta): Promise<void>;
  /**
   * A reset link for the account with this address, if there is one, with its
   * `password_reset_requested` event; older reset links void: one statement, run after the caller
   * has answered. Whether the address is known changes what the statement writes (and so how long
   * it takes), so no answer waits for it; `settled()` does, and shutdown calls it.
   */
  requestReset(email: string, meta: RequestMeta): void;
  /** Resolves once every reset request started has been written (or has failed, logged). */
  settled(): Promise<void>;
  /**
   * The `login` event (saying how it was proven), and a notice when the device (browser and system,
   * IP network) is new.
   */
  recordSignIn(user: UserRecord, meta: RequestMeta, method: SignInMethod): Promise<void>;
}

/**
 * The network a device is seen from: an IPv4 address's /24, an IPv6 address's /64 (a home or an
 * office keeps its network while its address changes).
 */
export function deviceNetwork(ip: string | null): string | null {
  if (ip === null) return null;
  if (ip.includes(":")) return clientNetwork(ip);
  const octets = ip.split(".");
  return octets.length === 4 ? `${octets.slice(0, 3).join(".")}.0/24` : ip;
}

const deviceOf = (ip: string | null, userAgent: string | null): string =>
  `${describeAgent(userAgent)}|${deviceNetwork(ip) ?? "-"}`;

export function createAccountMailer({
  sql,
  users,
  sealer,
  publicUrl,
  now = Date.now,
  logger,
}: AccountMailOptions): AccountMailer {
  const pending = new Set<Promise<void>>();
  const links = createEmailLinks(sql, now);
  const occasion = (meta: RequestMeta): Occasion => ({
    at: new Date(now()),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
  });
  const notify = (tx: Sql, to: string, kind: NoticeKind, meta: RequestMeta) =>
    enqueueMail(tx, sealer, noticeMail(to, kind, occasion(meta)));

  /** The reset request as one statement: the same statement whether or not an account has the address. */
  async function writeResetRequest(email: string, meta: RequestMeta): Promise<void> {
    const { token, hash } = newLinkToken();
    const message = resetMail(email, publicUrl, token, occasion(meta));
    const sealedBody = sealMailBody(sealer, message);
    const { ip, ua } = storedMeta(meta);
    const t = now();
    const expires = new Date(t + LINK_LIFETIME_SECONDS.reset_password * 1000);
    // The mail row is the outbox's own insert (enqueueMail), written inline to stay one statement;
    // the body was sealed for this very address (stored lower-cased, as `email` is here).
    await sql`
      with target as (
        select id, email from users where lower(email) = lower(${email})
      ), voided as (
        update email_tokens set used_at = ${new Date(t)}
        where user_id in (select id from target) and purpose = 'reset_password' and used_at is null
      ), link as (
        insert into email_tokens (user_id, purpose, token_hash, email, created_at, expires_at)
        select id, 'reset_password', ${hash}, email, ${new Date(t)}, ${expires} from target
      ), logged as (
        insert into user_events (user_id, type, ip, user_agent)
        select id, 'password_reset_requested', ${ip}, ${ua} from target
      ), mailed as (
        insert into mail_outbox (to_address, subject, sealed_body)
        select email, ${message.subject}, ${sealedBody} from target
      )
      select count(*) as n from target
    `;
  }

  return {
    links,
    notify,

    async sendReset(tx, user, meta) {
      const token = await links.issue(tx, { userId: user.id, email: user.email }, "reset_password");
      await enqueueMail(tx, sealer, resetMail(user.email, publicUrl, token, occasion(meta)));
      await users.with(tx).recordEvent(user.id, "password_reset_requested", meta);
    },

    async sendVerification(tx, user) {
      const token = await links.issue(tx, { userId: user.id, email: user.email }, "verify_email");
      await enqueueMail(tx, sealer, verificationMail(user.email, publicUrl, token));
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

    async recordSignIn(user, meta, method) {
      const since = new Date(now() - KNOWN_DEVICE_DAYS * 86_400_000);
      const seen = await users.devicesSince(user.id, since);
      const { ip, ua } = storedMeta(meta);
      const device = deviceOf(ip, ua);
      if (seen.some((row) => deviceOf(row.ip, row.user_agent) === device)) {
        await users.recordLogin(user.id, meta, method);
        return;
      }
      await sql.begin(async (tx) => {
        await users.with(tx).recordLogin(user.id, meta, method);
        await notify(tx, user.email, "new_sign_in", meta);
      });
    },
  };
}
