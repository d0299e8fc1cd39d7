/**
 * Where the provider (oidc-provider) keeps its state: what must outlive a restart in the database
 * (grants and refresh tokens in Postgres, or PGlite with the same SQL; clients are ours, read from
 * `oidc_clients`), the short-lived artifacts (codes, interactions, the provider's sessions, access
 * tokens, device codes) in the shared store, so that any replica serves any step of any flow.
 *
 * Every use of a token issued for a user loads its grant (oidc-provider does: userinfo,
 * introspection, the code and refresh grants), and a grant is found only while the dashboard
 * session it was given under is live. So ending that session, in any way part 2 knows, ends every
 * token of the grant at once, wherever it is kept; deleting the grant row does the same.
 */
import type { Sql } from "../platform/db/sql.ts";
import type { Ephemeral } from "../platform/store/store.ts";
import type { ClientRepository } from "./clients.ts";
import type { Payload } from "./model.ts";
import { forget, readOnce } from "./request-reads.ts";
import { type TokenReads, tokenReads, uuidOrNull } from "./token-reads.ts";

/** The adapter interface oidc-provider calls (its `Adapter`). */
export interface ProviderAdapter {
  upsert(id: string, payload: Payload, expiresIn: number): Promise<void>;
  find(id: string): Promise<Payload | undefined>;
  findByUserCode(userCode: string): Promise<Payload | undefined>;
  findByUid(uid: string): Promise<Payload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

export interface AdapterDeps {
  sql: Sql;
  store: Ephemeral;
  clients: ClientRepository;
  /** A client as the provider reads it (provider.ts). */
  clientMetadata(client: NonNullable<Awaited<ReturnType<ClientRepository["find"]>>>): Payload;
  /** Thrown when a single-use artifact is used a second time at once (the provider's InvalidGrant). */
  alreadyUsed(): Error;
}

/**
 * The length of an access token's id (a client credentials token's too): 288 random bits, where
 * every other token has 256 (43 characters). A value of this length is no refresh token, so
 * introspecting an access token does not look for it in the database.
 */
export const ACCESS_TOKEN_BITS = 288;
const ACCESS_TOKEN_LENGTH = ACCESS_TOKEN_BITS / 6;
const epoch = (): number => Math.floor(Date.now() / 1000);
const expiry = (expiresIn: number): Date => new Date((epoch() + Math.max(1, expiresIn)) * 1000);

/** Grants: found only while they hold (unexpired, the dashboard session they were given under live). */
function grants(sql: Sql): ProviderAdapter {
  return {
    async upsert(id, payload, expiresIn) {
      forget(`Grant:${id}`);
      await sql`
        insert into oidc_grants (id, client_id, account_id, user_id, payload, expires_at)
        values (${id}, ${payload.clientId}, ${payload.accountId},
                (select id from users where stable_id = ${uuidOrNull(payload.accountId)}),
                ${JSON.stringify(payload)}::text::jsonb, ${expiry(expiresIn)})
        on conflict (id) do update set payload = excluded.payload, expires_at = excluded.expires_at
      `;
    },
    find: (id) =>
      readOnce(`Grant:${id}`, async () => {
        const [row] = await sql<{
          payload: string;
        }>`select payload::text as payload from oidc_live_grants where id = ${id}`;
        return row ? (JSON.parse(row.payload) as Payload) : undefined;
      }),
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    consume: async () => {},
    async destroy(id) {
      forget(`Grant:${id}`);
      await sql`delete from oidc_refresh_tokens where grant_id = ${id}`;
      await sql`delete from oidc_grants where id = ${id}`;
    },
    async revokeByGrantId(id) {
      await this.destroy(id);
    },
  };
}

function refreshTokens(sql: Sql, reads: TokenReads, alreadyUsed: () => Error): ProviderAdapter {
  return {
    async upsert(id, payload, expiresIn) {
      await sql`
        insert into oidc_refresh_tokens (id, grant_id, payload, expires_at)
        values (${id}, ${payload.grantId}, ${JSON.stringify(payload)}::text::jsonb, ${expiry(expiresIn)})
        on conflict (id) do update set payload = excluded.payload, expires_at = excluded.expires_at
      `;
    },
    // With its grant and account, which the provider reads next (token-reads.ts).
    find: async (id) => (id.length === ACCESS_TOKEN_LENGTH ? undefined : reads.refreshToken(id)),
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    /** Used once: of two uses racing, the second finds it consumed and fails. */
    async consume(id) {
      const marked = await sql`
        update oidc_refresh_tokens set payload = jsonb_set(payload, '{consumed}', to_jsonb(${epoch()}::int))
        where id = ${id} and not (payload ? 'consumed')
        returning id
      `;
      if (marked.length === 0) throw alreadyUsed();
    },
    async destroy(id) {
      await sql`delete from oidc_refresh_tokens where id = ${id}`;
    },
    async revokeByGrantId(grantId) {
      await sql`delete from oidc_refresh_tokens where grant_id = ${grantId}`;
    },
  };
}

/** Clients are registered by an admin (routes.ts, the CLI), never by the provider. */
function clients(deps: AdapterDeps): ProviderAdapter {
  const refuse = async () => {
    throw new Error("clients are registered through the admin API");
  };
  return {
    async find(id) {
      const stored = await readOnce(`Client:${id}`, () => deps.clients.find(id));
      return stored ? deps.clientMetadata(stored) : undefined;
    },
    upsert: refuse,
    destroy: refuse,
    consume: refuse,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    revokeByGrantId: async () => {},
  };
}

interface Held {
  payload: Payload;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/**
 * A short-lived model in the shared store. Its tokens are not indexed by grant: revoking a grant
 * deletes the grant row, and every use of these loads it (see the top of this file).
 */
function ephemeral(
  name: string,
  store: Ephemeral,
  alreadyUsed: () => Error,
  found: (payload: Payload) => void = () => {},
): ProviderAdapter {
  const key = (id: string) => `oidc:${name}:${id}`;
  const uidKey = (uid: string) => `oidc:${name}:uid:${uid}`;
  const userCodeKey = (code: string) => `oidc:${name}:user:${code}`;
  const read = async (k: string): Promise<Held | null> => {
    const raw = await store.peek(k);
    return raw ? (JSON.parse(raw) as Held) : null;
  };
  const findBy = async (indexKey: string) => {
    const id = await store.peek(indexKey);
    return id ? (await read(key(id)))?.payload : undefined;
  };
  return {
    async upsert(id, payload, expiresIn) {
      const ttl = Math.max(1, expiresIn);
      const held: Held = { payload, expiresAt: epoch() + ttl };
      await store.put(key(id), JSON.stringify(held), ttl);
      if (typeof payload.uid === "string") await store.put(uidKey(payload.uid), id, ttl);
      if (typeof payload.userCode === "string") await store.put(userCodeKey(payload.userCode), id, ttl);
    },
    async find(id) {
      const payload = (await read(key(id)))?.payload;
      if (payload) found(payload);
      return payload;
    },
    findByUid: (uid) => findBy(uidKey(uid)),
    findByUserCode: (code) => findBy(userCodeKey(code)),
    /** Taken and put back marked: of two uses racing, one takes it unconsumed; the other fails. */
    async consume(id) {
      const raw = await store.take(key(id));
      const held = raw ? (JSON.parse(raw) as Held) : null;
      if (!held) throw alreadyUsed();
      const wasConsumed = held.payload.consumed !== undefined;
      held.payload.consumed = held.payload.consumed ?? epoch();
      const ttl = held.expiresAt - epoch();
      if (ttl > 0) await store.put(key(id), JSON.stringify(held), ttl);
      if (wasConsumed) throw alreadyUsed();
    },
    async destroy(id) {
      const held = await read(key(id));
      await store.take(key(id));
      if (typeof held?.payload.uid === "string") await store.take(uidKey(held.payload.uid));
      if (typeof held?.payload.userCode === "string") await store.take(userCodeKey(held.payload.userCode));
    },
    revokeByGrantId: async () => {},
  };
}

/** The adapter class oidc-provider constructs once per model name. */
export function adapterFor(deps: AdapterDeps) {
  const reads = tokenReads(deps.sql);
  const lasting: Record<string, ProviderAdapter> = {
    Grant: grants(deps.sql),
    RefreshToken: refreshTokens(deps.sql, reads, deps.alreadyUsed),
    Client: clients(deps),
    // What an access token names is read as soon as the token is found (token-reads.ts).
    AccessToken: ephemeral("AccessToken", deps.store, deps.alreadyUsed, reads.accessTokenFound),
  };
  return function adapter(name: string): ProviderAdapter {
    // A model without its name (a build that dropped class names) would be kept nowhere sensible.
    if (!name) throw new Error("an oidc-provider model without a name: build with --keep-names");
    return lasting[name] ?? ephemeral(name, deps.store, deps.alreadyUsed);
  };
}
