/**
 * The provider's own records beside oidc-provider's models (adapter.ts): which dashboard session a
 * grant was given under, what each user allowed each client (remembered consent, the "Connected
 * apps" page), and how a dashboard session was proven (the ID token's `amr`).
 */
import type { Sql } from "../platform/db/sql.ts";
import type { ProvenBy } from "../session/records.ts";

export interface AllowedApp {
  client_id: string;
  name: string;
  home_url: string | null;
  logo_url: string | null;
  scopes: string[];
  allowed_at: string;
  last_used_at: string;
}

interface ConsentRow {
  [column: string]: unknown;
  client_id: string;
  settings: string;
  scopes: string;
  created_at: Date | string;
  last_used_at: Date | string;
}

const iso = (value: Date | string): string => new Date(value).toISOString();
const words = (scopes: string): string[] => scopes.split(" ").filter(Boolean);

/** How often "last used" is written for one user and client (not at every refresh). */
const LAST_USED_EVERY_MS = 60_000;

export function createOidcRepository(sql: Sql) {
  /** When each user and client's "last used" was last written by this process. */
  const touched = new Map<string, number>();
  return {
    /** The grant was given under this dashboard session: it ends with it. */
    async bindGrant(grantId: string, sid: string): Promise<void> {
      await sql`update oidc_grants set sid = ${sid} where id = ${grantId}`;
    },

    /** The `sid` the provider puts in the client's ID tokens under this grant (its logout token's). */
    async setLogoutSid(grantId: string, sid: string): Promise<void> {
      await sql`update oidc_grants set logout_sid = ${sid} where id = ${grantId} and logout_sid is distinct from ${sid}`;
    },

    /** How a live session was proven, and when; null once it has ended. */
    async sessionProof(sid: string): Promise<{ method: ProvenBy | null } | null> {
      const [row] = await sql<{ method: ProvenBy | null }>`
        select method from sessions where id = ${sid} and ended_at is null and expires_at > now()
      `;
      return row ? { method: row.method } : null;
    },

    /** The scopes the user allowed the client (remembered), or null. */
    async consented(userId: string, clientId: string): Promise<string[] | null> {
      const [row] = await sql<{ scopes: string }>`
        select scopes from oidc_consents where user_id = ${userId} and client_id = ${clientId}
      `;
      return row ? words(row.scopes) : null;
    },

    /**
     * Remembers what the user allowed, added to what they allowed before (in one statement: two
     * answers at once both count).
     */
    async remember(userId: string, clientId: string, scopes: readonly string[]): Promise<void> {
      await sql`
        insert into oidc_consents (user_id, client_id, scopes)
        values (${userId}, ${clientId}, ${[...new Set(scopes)].join(" ")})
        on conflict (user_id, client_id) do update set
          scopes = (
            select string_agg(scope, ' ' order by first)
            from (
              select scope, min(position) as first
              from unnest(string_to_array(oidc_consents.scopes || ' ' || excluded.scopes, ' '))
                with ordinality as listed (scope, position)
              where scope <> ''
              group by scope
            ) as merged
          ),
          last_used_at = now()
      `;
    },

    /** A token was issued to the client for the user (at most one write a minute). */
    async used(accountId: string, clientId: string): Promise<void> {
      const key = `${accountId} ${clientId}`;
      const now = Date.now();
      if (now - (touched.get(key) ?? 0) < LAST_USED_EVERY_MS) return;
      if (touched.size > 10_000) touched.clear();
      touched.set(key, now);
      await sql`
        update oidc_consents c set last_used_at = now()
        from users u
        where u.stable_id = ${accountId} and c.user_id = u.id and c.client_id = ${clientId}
          and c.last_used_at < now() - interval '1 minute'
      `;
    },

    async connectedApps(userId: string): Promise<AllowedApp[]> {
      const rows = await sql<ConsentRow>`
        select c.client_id, k.settings::text as settings, c.scopes, c.created_at, c.last_used_at
        from oidc_consents c join oidc_clients k on k.client_id = c.client_id
        where c.user_id = ${userId}
        order by c.last_used_at desc, c.client_id
      `;
      return rows.map((row) => {
        const settings = JSON.parse(row.settings) as { name: string; home_url: string | null; logo_url: string | null };
        return {
          client_id: row.client_id,
          name: settings.name,
          home_url: settings.home_url,
          logo_url: settings.logo_url,
          scopes: words(row.scopes),
          allowed_at: iso(row.created_at),
          last_used_at: iso(row.last_used_at),
        };
      });
    },

    /** What the user allowed the client ends: the consent, every grant and refresh token of it. */
    disconnect(userId: string, clientId: string): Promise<boolean> {
      return sql.begin(async (tx) => {
        const removed = await tx`
          delete from oidc_consents where user_id = ${userId} and client_id = ${clientId} returning client_id
        `;
        await tx`
          delete from oidc_refresh_tokens
          where grant_id in (select id from oidc_grants where user_id = ${userId} and client_id = ${clientId})
        `;
        const grants = await tx`
          delete from oidc_grants where user_id = ${userId} and client_id = ${clientId} returning id
        `;
        return removed.length > 0 || grants.length > 0;
      });
    },
  };
}

export type OidcRepository = ReturnType<typeof createOidcRepository>;
