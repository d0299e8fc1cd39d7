/**
 * A token and what it names, read together. oidc-provider reads a token, then its client, its grant
 * and its account one by one; a userinfo asked them in four round trips, a refresh in five. Here a
 * refresh token is read in one statement with its grant and account, and an access token (kept in
 * the shared store) is followed by one statement for its client, grant and account. What came with
 * the token is kept for the rest of the request (request-reads.ts), where the adapter's reads of a
 * client and a grant, and the provider's read of the account, find it.
 *
 * A grant comes only while it holds (the view `oidc_live_grants`: unexpired, its dashboard session
 * live), exactly as the adapter's own read of a grant.
 */
import type { Sql } from "../platform/db/sql.ts";
import { isStableId, toRecord, type UserRecord, type UserRow } from "../users/repository.ts";
import { type ClientRow, type StoredClient, toStored } from "./clients.ts";
import type { Payload } from "./model.ts";
import { keep } from "./request-reads.ts";

export const uuidOrNull = (value: unknown): string | null => (isStableId(value) ? value : null);

/** The user's row (`u.*`, null columns when there is none) beside the grant and the client. */
type NamedRow = Partial<UserRow> & {
  oidc_grant: string | null;
  /** The client's columns, when the statement reads the client (an access token's does). */
  oidc_client_id?: string | null;
  oidc_client_settings?: string | null;
  oidc_client_secret_hash?: string | null;
  oidc_client_previous_secret_hash?: string | null;
  oidc_client_previous_secret_expires_at?: Date | string | null;
  oidc_client_created_at?: Date | string | null;
  oidc_client_updated_at?: Date | string | null;
};

interface Named {
  grant: Payload | undefined;
  client: StoredClient | null;
  account: UserRecord | null;
}

function split(row: NamedRow | undefined): Named {
  if (!row) return { grant: undefined, client: null, account: null };
  const {
    oidc_grant,
    oidc_client_id,
    oidc_client_settings,
    oidc_client_secret_hash,
    oidc_client_previous_secret_hash,
    oidc_client_previous_secret_expires_at,
    oidc_client_created_at,
    oidc_client_updated_at,
    ...user
  } = row;
  const client: ClientRow | null = oidc_client_id
    ? {
        client_id: oidc_client_id,
        settings: oidc_client_settings as string,
        secret_hash: oidc_client_secret_hash ?? null,
        previous_secret_hash: oidc_client_previous_secret_hash ?? null,
        previous_secret_expires_at: oidc_client_previous_secret_expires_at ?? null,
        created_at: oidc_client_created_at as Date | string,
        updated_at: oidc_client_updated_at as Date | string,
      }
    : null;
  return {
    grant: oidc_grant ? (JSON.parse(oidc_grant) as Payload) : undefined,
    client: client ? toStored(client) : null,
    account: user.id !== null && user.id !== undefined ? toRecord(user as UserRow) : null,
  };
}

/** Keeps what came with a token for the rest of the request, under the ids the provider will ask. */
function keepNamed(named: Promise<Named>, ids: { grantId?: unknown; clientId?: unknown; accountId?: unknown }): void {
  if (typeof ids.grantId === "string")
    keep(
      `Grant:${ids.grantId}`,
      named.then((n) => n.grant),
    );
  if (typeof ids.clientId === "string")
    keep(
      `Client:${ids.clientId}`,
      named.then((n) => n.client),
    );
  if (typeof ids.accountId === "string")
    keep(
      `Account:${ids.accountId}`,
      named.then((n) => n.account),
    );
}

export function tokenReads(sql: Sql) {
  return {
    /**
     * An access token was found (in the shared store): its client, grant and account in one
     * statement, started now and kept for the provider's reads that follow.
     */
    accessTokenFound(payload: Payload): void {
      const { clientId, grantId, accountId } = payload;
      const named = sql<NamedRow>`
        select g.payload::text as oidc_grant,
               c.client_id as oidc_client_id, c.settings::text as oidc_client_settings,
               c.secret_hash as oidc_client_secret_hash, c.previous_secret_hash as oidc_client_previous_secret_hash,
               c.previous_secret_expires_at as oidc_client_previous_secret_expires_at,
               c.created_at as oidc_client_created_at, c.updated_at as oidc_client_updated_at,
               u.*
        from (select 1) as one
        left join oidc_clients c on c.client_id = ${typeof clientId === "string" ? clientId : null}
        left join oidc_live_grants g on g.id = ${typeof grantId === "string" ? grantId : null}
        left join users u on u.stable_id = ${uuidOrNull(accountId)}
      `.then(([row]) => split(row));
      keepNamed(named, { clientId, grantId, accountId });
    },

    /** A refresh token, with its grant (while it holds) and the grant's account, in one statement. */
    async refreshToken(id: string): Promise<Payload | undefined> {
      const [row] = await sql<NamedRow & { payload: string }>`
        select r.payload::text as payload, g.payload::text as oidc_grant, u.*
        from oidc_refresh_tokens r
        left join oidc_live_grants g on g.id = r.grant_id
        left join users u on u.id = g.user_id
        where r.id = ${id} and r.expires_at > now()
      `;
      if (!row) return undefined;
      const { payload: raw, ...rest } = row;
      const payload = JSON.parse(raw) as Payload;
      const named = split(rest);
      keepNamed(Promise.resolve(named), { grantId: payload.grantId, accountId: named.account?.stable_id });
      return payload;
    },
  };
}

export type TokenReads = ReturnType<typeof tokenReads>;
