/**
 * The account's own changes in raw SQL: a new username or address, a new password. Each change, the
 * event that records it and the sessions it ends are one statement (a data-modifying CTE), so they
 * commit or fail together in a single round trip. Reading the security log is activity.ts.
 */
import { type RequestMeta, storedMeta } from "../http/context.ts";
import { isUniqueViolation } from "../platform/db/errors.ts";
import type { Sql } from "../platform/db/sql.ts";
import { toRecord, type UserRecord, type UserRow } from "../users/repository.ts";
import { type ActivityQueries, activityQueries } from "./activity.ts";

type UpdateResult =
  | { ok: true; user: UserRecord /** The address before the change, when it changed. */; previousEmail: string | null }
  | { ok: false; reason: "email_taken" | "not_found" };
type PasswordChangeResult = { ok: true; user: UserRecord } | { ok: false; reason: "stale" | "not_found" };

const EMAIL_KEY = "users_email_lower_key";

export interface AccountRepository extends ActivityQueries {
  /** The same repository over `tx`: its calls join that transaction (and what else it writes). */
  with(tx: Sql): AccountRepository;
  /**
   * New username and/or e-mail with a `profile_updated` event, together. A new address is
   * unconfirmed (`email_verified` false) until a link mailed to it is followed, and ends every
   * session of the user (public_id rotated, every session row ended), as a new password does.
   */
  update(
    id: string,
    changes: { username?: string; email?: string; language?: string },
    meta: RequestMeta,
  ): Promise<UpdateResult>;
  /**
   * A new hash and a new public_id with a `password_changed` event and every session marked
   * ended, together, only while the stored hash is still `expectedHash` (the one just verified):
   * "stale" when it changed meanwhile.
   */
  changePassword(
    id: string,
    expectedHash: string,
    passwordHash: string,
    meta: RequestMeta,
  ): Promise<PasswordChangeResult>;
}

export function createAccountRepository(sql: Sql): AccountRepository {
  return {
    with: (tx) => createAccountRepository(tx),

    async update(id, { username, email, language }, meta) {
      const { ip, ua } = storedMeta(meta);
      try {
        // `before` reads the row as the statement found it, so the old address comes back too. A new
        // address is a new way into the account: public_id rotates (every token of the user dies)
        // and every session row ends, as with a new password.
        const [row] = await sql<UserRow & { previous_email: string }>`
          with before as (
            select id, email from users where id = ${id}
          ), updated as (
            update users
            set username = coalesce(${username ?? null}::text, username),
                email = coalesce(${email ?? null}::text, email),
                language = coalesce(${language ?? null}::text, language),
                email_verified = email_verified and coalesce(${email ?? null}::text, email) = email,
                public_id = case when coalesce(${email ?? null}::text, email) = email then public_id
                                 else gen_random_uuid() end,
                updated_at = now()
            where id = ${id}
            returning *
          ), logged as (
            insert into user_events (user_id, type, ip, user_agent)
            select id, 'profile_updated', ${ip}, ${ua} from updated
          ), ended as (
            update sessions set ended_at = now(), ended_reason = 'signed_out_elsewhere'
            where user_id = ${id} and ended_at is null
              and exists (select 1 from updated join before using (id) where updated.email <> before.email)
          )
          select updated.*, before.email as previous_email from updated join before using (id)
        `;
        if (!row) return { ok: false, reason: "not_found" };
        const user = toRecord(row);
        return { ok: true, user, previousEmail: row.previous_email === user.email ? null : row.previous_email };
      } catch (error) {
        if (isUniqueViolation(error, EMAIL_KEY)) return { ok: false, reason: "email_taken" };
        throw error;
      }
    },

    async changePassword(id, expectedHash, passwordHash, meta) {
      const { ip, ua } = storedMeta(meta);
      const [row] = await sql<UserRow & { changed: boolean }>`
        with changed as (
          update users
          set password_hash = ${passwordHash}, public_id = gen_random_uuid(), updated_at = now()
          where id = ${id} and password_hash = ${expectedHash}
          returning *
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent)
          select id, 'password_changed', ${ip}, ${ua} from changed
        ), ended as (
          update sessions set ended_at = now(), ended_reason = 'password_changed'
          where user_id = (select id from changed) and ended_at is null
        )
        select changed.*, true as changed from changed
        union all
        select users.*, false as changed from users where id = ${id} and not exists (select 1 from changed)
      `;
      if (!row) return { ok: false, reason: "not_found" };
      return row.changed ? { ok: true, user: toRecord(row) } : { ok: false, reason: "stale" };
    },

    ...activityQueries(sql),
  };
}
