/**
 * What the e-mail flows write besides their links (links.ts): a password set through a reset link,
 * an address confirmed, and the reset request as one statement. Each change and its event are one
 * statement (a data-modifying CTE).
 */
import { type RequestMeta, storedMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";
import { toRecord, type UserRecord, type UserRow } from "../users/repository.ts";

export interface EmailRepository {
  with(tx: Sql): EmailRepository;
  /**
   * A password set through a reset link: new hash, new public_id (every session ends) and a
   * `password_reset` event, together. The address is confirmed too: the link was mailed to it.
   */
  resetPassword(id: string, passwordHash: string, meta: RequestMeta): Promise<UserRecord | null>;
  /** The address confirmed, with an `email_verified` event. */
  markEmailVerified(id: string, meta: RequestMeta): Promise<UserRecord | null>;
  /**
   * For the account with this address, if there is one: older reset links void, a new one (its
   * token's hash), its `password_reset_requested` event and its mail, in one statement, the same
   * statement whether or not an account has the address. The mail row is the outbox's own insert
   * (mail/outbox.ts's enqueueMail), written inline to stay one statement; its body was sealed for
   * this very address (stored lower-cased, as `email` is here).
   */
  writeResetRequest(
    request: { email: string; hash: string; at: Date; expires: Date },
    mail: { subject: string; sealedBody: string },
    meta: RequestMeta,
  ): Promise<void>;
}

export function createEmailRepository(sql: Sql): EmailRepository {
  return {
    with: (tx) => createEmailRepository(tx),

    async resetPassword(id, passwordHash, meta) {
      const { ip, ua } = storedMeta(meta);
      const [row] = await sql<UserRow>`
        with changed as (
          update users
          set password_hash = ${passwordHash}, public_id = gen_random_uuid(), email_verified = true, password_set = true,
              updated_at = now()
          where id = ${id}
          returning *
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent)
          select id, 'password_reset', ${ip}, ${ua} from changed
        ), ended as (
          update sessions set ended_at = now(), ended_reason = 'password_changed'
          where user_id = (select id from changed) and ended_at is null
        )
        select * from changed
      `;
      return row ? toRecord(row) : null;
    },

    async markEmailVerified(id, meta) {
      const { ip, ua } = storedMeta(meta);
      const [row] = await sql<UserRow>`
        with verified as (
          update users set email_verified = true, updated_at = now()
          where id = ${id}
          returning *
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent)
          select id, 'email_verified', ${ip}, ${ua} from verified
        )
        select * from verified
      `;
      return row ? toRecord(row) : null;
    },

    async writeResetRequest({ email, hash, at, expires }, { subject, sealedBody }, meta) {
      const { ip, ua } = storedMeta(meta);
      await sql`
        with target as (
          select id, email from users where lower(email) = lower(${email})
        ), voided as (
          update email_tokens set used_at = ${at}
          where user_id in (select id from target) and purpose = 'reset_password' and used_at is null
        ), link as (
          insert into email_tokens (user_id, purpose, token_hash, email, created_at, expires_at)
          select id, 'reset_password', ${hash}, email, ${at}, ${expires} from target
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent)
          select id, 'password_reset_requested', ${ip}, ${ua} from target
        ), mailed as (
          insert into mail_outbox (to_address, subject, sealed_body)
          select email, ${subject}, ${sealedBody} from target
        )
        select count(*) as n from target
      `;
    },
  };
}
