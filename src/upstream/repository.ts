/**
 * An account's identities at other providers (`user_identities`, migration 018): (issuer, subject)
 * pairs, each linked to one account, at most one per provider per account. A link and an unlink
 * each record their event in the same statement.
 */
import { type RequestMeta, storedMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";

export interface Identity {
  userId: string;
  providerId: string;
  issuer: string;
  subject: string;
  email: string | null;
  linkedAt: string;
  lastUsedAt: string | null;
}

export interface NewIdentity {
  userId: string;
  providerId: string;
  issuer: string;
  subject: string;
  email: string | null;
  /** Proven by the account's owner (see the migration); false only for an account an untrusted provider made. */
  proven: boolean;
}

/** Why a link was not written: the identity is another account's, or this account has the provider. */
export type LinkOutcome = "linked" | "already_linked" | "taken" | "provider_taken";

interface IdentityRow {
  [column: string]: unknown;
  user_id: string | number;
  provider_id: string;
  issuer: string;
  subject: string;
  email: string | null;
  linked_at: Date | string;
  last_used_at: Date | string | null;
}

const toIdentity = (row: IdentityRow): Identity => ({
  userId: String(row.user_id),
  providerId: row.provider_id,
  issuer: row.issuer,
  subject: row.subject,
  email: row.email,
  linkedAt: new Date(row.linked_at).toISOString(),
  lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
});

export function createIdentityRepository(sql: Sql) {
  return {
    with: (tx: Sql) => createIdentityRepository(tx),

    /** The identity of this subject at this issuer, marked used now; null when no account has it. */
    async use(issuer: string, subject: string): Promise<Identity | null> {
      const [row] = await sql<IdentityRow>`
        update user_identities set last_used_at = now()
        where issuer = ${issuer} and subject = ${subject}
        returning *
      `;
      return row ? toIdentity(row) : null;
    },

    /** Whether an account has this username, in any letter case (usernames from providers are made unique). */
    async usernameTaken(username: string): Promise<boolean> {
      const rows = await sql`select 1 from users where lower(username) = lower(${username}) limit 1`;
      return rows.length > 0;
    },

    async ofUser(userId: string): Promise<Identity[]> {
      const rows = await sql<IdentityRow>`
        select * from user_identities where user_id = ${userId} order by linked_at, id
      `;
      return rows.map(toIdentity);
    },

    /** Links the identity with its `provider_linked` event, in one statement; or says why not. */
    async link(identity: NewIdentity, meta: RequestMeta): Promise<LinkOutcome> {
      const { ip, ua } = storedMeta(meta);
      const [row] = await sql<{ outcome: LinkOutcome }>`
        with existing as (
          select user_id, (issuer = ${identity.issuer} and subject = ${identity.subject}) as same_identity
          from user_identities
          where (issuer = ${identity.issuer} and subject = ${identity.subject})
             or (user_id = ${identity.userId} and provider_id = ${identity.providerId})
        ), linked as (
          insert into user_identities (user_id, provider_id, issuer, subject, email, proven)
          select ${identity.userId}, ${identity.providerId}, ${identity.issuer}, ${identity.subject},
                 ${identity.email}, ${identity.proven}
          where not exists (select 1 from existing)
          on conflict do nothing
          returning user_id
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent, method)
          select user_id, 'provider_linked', ${ip}, ${ua}, ${`provider:${identity.providerId}`} from linked
        )
        select case
          when exists (select 1 from linked) then 'linked'
          when exists (select 1 from existing where same_identity and user_id = ${identity.userId}) then 'already_linked'
          when exists (select 1 from existing where same_identity) then 'taken'
          else 'provider_taken'
        end as outcome
      `;
      return row?.outcome ?? "taken";
    },

    /**
     * Unlinks the account's identity at this provider with its `provider_unlinked` event, unless it
     * is the last way in (no password set, no other identity): "last" then, "none" when not linked.
     */
    async unlink(userId: string, providerId: string, meta: RequestMeta): Promise<"unlinked" | "none" | "last"> {
      const { ip, ua } = storedMeta(meta);
      // The account's row locked first: two unlinks at once cannot each leave the other's last way in.
      return sql.begin(async (tx) => {
        const [ways] = await tx<{ password_set: boolean; identities: number | string; linked: boolean }>`
          select u.password_set,
                 (select count(*) from user_identities where user_id = u.id) as identities,
                 exists (select 1 from user_identities where user_id = u.id and provider_id = ${providerId}) as linked
          from users u where u.id = ${userId} for update
        `;
        if (!ways?.linked) return "none";
        if (!ways.password_set && Number(ways.identities) <= 1) return "last";
        await tx`
          with removed as (
            delete from user_identities where user_id = ${userId} and provider_id = ${providerId}
            returning user_id
          )
          insert into user_events (user_id, type, ip, user_agent, method)
          select user_id, 'provider_unlinked', ${ip}, ${ua}, ${`provider:${providerId}`} from removed
        `;
        return "unlinked";
      });
    },

    /**
     * The links a password reset by mail ends (those its owner never proved), each with its event,
     * in the reset's transaction: their provider ids.
     */
    async dropUnproven(userId: string, meta: RequestMeta): Promise<string[]> {
      const { ip, ua } = storedMeta(meta);
      const rows = await sql<{ provider_id: string }>`
        with removed as (
          delete from user_identities where user_id = ${userId} and not proven
          returning user_id, provider_id
        ), logged as (
          insert into user_events (user_id, type, ip, user_agent, method)
          select user_id, 'provider_unlinked', ${ip}, ${ua}, 'provider:' || provider_id from removed
        )
        select provider_id from removed
      `;
      return rows.map((row) => row.provider_id);
    },
  };
}

export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
