/**
 * What a sign-in writes and reads: the `login` event (how it was proven) with the user's
 * `last_sign_in_at`, a failed attempt's `login_failed`, and the devices the account signed in from
 * lately (for the new-device notice).
 */
import { type RequestMeta, storedMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";
import type { ProvenBy } from "../session/records.ts";

export interface SignInRepository {
  with(tx: Sql): SignInRepository;
  /** A `login` event (saying how it was proven), and the user's `last_sign_in_at`, together. */
  recordLogin(id: string, meta: RequestMeta, method: ProvenBy): Promise<void>;
  /**
   * A `login_failed` event for the account with this e-mail, if there is one: the same statement
   * runs for an unknown address (and records nothing), so both cost the same.
   */
  recordFailedSignIn(email: string, meta: RequestMeta): Promise<void>;
  /** The devices (user agent and IP) of the account's sign-ups and sign-ins since `since`. */
  devicesSince(id: string, since: Date): Promise<Array<{ ip: string | null; user_agent: string | null }>>;
}

export function createSignInRepository(sql: Sql): SignInRepository {
  return {
    with: (tx) => createSignInRepository(tx),

    async recordLogin(id, meta, method) {
      const { ip, ua } = storedMeta(meta);
      await sql`
        with logged as (
          insert into user_events (user_id, type, ip, user_agent, method) values (${id}, 'login', ${ip}, ${ua}, ${method})
          returning at
        )
        update users set last_sign_in_at = (select at from logged) where id = ${id}
      `;
    },

    async recordFailedSignIn(email, meta) {
      const { ip, ua } = storedMeta(meta);
      await sql`
        insert into user_events (user_id, type, ip, user_agent)
        select id, 'login_failed', ${ip}, ${ua} from users where lower(email) = lower(${email})
      `;
    },

    devicesSince(id, since) {
      return sql<{ ip: string | null; user_agent: string | null }>`
        select distinct ip, user_agent from user_events
        where user_id = ${id} and type in ('signup', 'login') and at >= ${since}
        limit 500
      `;
    },
  };
}
