/**
 * Passkeys' storage in raw SQL. Each change, the user row's `passkey_count` (what `user.mfa`
 * shows) and the event that records it commit together; callers pass the transaction when a
 * notice is mailed with it.
 */
import type { RequestMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";
import { recordEvent } from "../users/events.ts";

export interface PasskeyRow {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export interface StoredCredential {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
}

export interface NewPasskey {
  /** The session that adds it, and whether the account's address was confirmed then (a reset removes either). */
  addedBy: { sessionId: string; addressConfirmed: boolean };
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/**
 * The passkeys a password reset removes by itself: added by a session the reset ends (every one not
 * ended yet), or while the address was unconfirmed (nobody had proven it then).
 */
async function plantedPasskeys(q: Sql, userId: string): Promise<Set<string>> {
  const rows = await q<{ id: string }>`
    select p.id from passkeys p
    where p.user_id = ${userId}
      and (p.added_unconfirmed
           or p.added_by_session in (select s.id from sessions s where s.user_id = ${userId} and s.ended_at is null))
  `;
  return new Set(rows.map((row) => row.id));
}

export function createPasskeyRepository(sql: Sql) {
  return {
    async passkeys(userId: string): Promise<PasskeyRow[]> {
      const rows = await sql<{ id: string; name: string; created_at: Date; last_used_at: Date | null }>`
        select id, name, created_at, last_used_at from passkeys where user_id = ${userId} order by created_at, id
      `;
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        created_at: iso(row.created_at) as string,
        last_used_at: iso(row.last_used_at),
      }));
    },

    /** The user's credentials, for `excludeCredentials`. */
    async credentialIds(userId: string): Promise<Array<{ id: string; transports: string[] }>> {
      const rows = await sql<{ credential_id: string; transports: string | null }>`
        select credential_id, transports from passkeys where user_id = ${userId}
      `;
      return rows.map((row) => ({ id: row.credential_id, transports: row.transports?.split(",") ?? [] }));
    },

    async credential(credentialId: string): Promise<StoredCredential | null> {
      const [row] = await sql<{
        id: string;
        user_id: string | number | bigint;
        credential_id: string;
        public_key: string;
        counter: string | number;
        transports: string | null;
      }>`
        select id, user_id, credential_id, public_key, counter, transports from passkeys
        where credential_id = ${credentialId}
      `;
      if (!row) return null;
      return {
        id: row.id,
        userId: String(row.user_id),
        credentialId: row.credential_id,
        publicKey: new Uint8Array(Buffer.from(row.public_key, "base64url")),
        counter: Number(row.counter),
        transports: row.transports?.split(",").filter(Boolean) ?? [],
      };
    },

    /** A new passkey, the user's count, and a `passkey_added` event; null when the credential exists. */
    async addPasskey(tx: Sql, userId: string, passkey: NewPasskey, meta: RequestMeta): Promise<PasskeyRow | null> {
      const [row] = await tx<{ id: string; name: string; created_at: Date; last_used_at: Date | null }>`
        insert into passkeys (user_id, credential_id, public_key, counter, transports, device_type, backed_up, name,
                              added_by_session, added_unconfirmed)
        values (${userId}, ${passkey.credentialId}, ${Buffer.from(passkey.publicKey).toString("base64url")},
                ${passkey.counter}, ${passkey.transports.join(",") || null}, ${passkey.deviceType},
                ${passkey.backedUp}, ${passkey.name}, ${passkey.addedBy.sessionId}, ${!passkey.addedBy.addressConfirmed})
        on conflict (credential_id) do nothing
        returning id, name, created_at, last_used_at
      `;
      if (!row) return null;
      await tx`update users set passkey_count = passkey_count + 1, updated_at = now() where id = ${userId}`;
      await recordEvent(tx, userId, "passkey_added", meta);
      return { id: row.id, name: row.name, created_at: iso(row.created_at) as string, last_used_at: null };
    },

    async renamePasskey(userId: string, id: string, name: string): Promise<PasskeyRow | null> {
      const [row] = await sql<{ id: string; name: string; created_at: Date; last_used_at: Date | null }>`
        update passkeys set name = ${name} where id = ${id} and user_id = ${userId}
        returning id, name, created_at, last_used_at
      `;
      return row
        ? { id: row.id, name: row.name, created_at: iso(row.created_at) as string, last_used_at: iso(row.last_used_at) }
        : null;
    },

    /** The passkey gone, the count, and a `passkey_removed` event; false when it is not the user's. */
    async removePasskey(tx: Sql, userId: string, id: string, meta: RequestMeta): Promise<boolean> {
      const rows = await tx`delete from passkeys where id = ${id} and user_id = ${userId} returning id`;
      if (rows.length === 0) return false;
      await tx`update users set passkey_count = greatest(passkey_count - 1, 0), updated_at = now() where id = ${userId}`;
      await recordEvent(tx, userId, "passkey_removed", meta);
      return true;
    },

    /**
     * The account's passkeys as the reset page shows them: `goes` for those the reset removes by
     * itself (added by a session it ends, or before the address was confirmed).
     */
    async passkeysAtReset(userId: string): Promise<Array<PasskeyRow & { goes: boolean }>> {
      const [all, planted] = await Promise.all([this.passkeys(userId), plantedPasskeys(sql, userId)]);
      return all.map((passkey) => ({ ...passkey, goes: planted.has(passkey.id) }));
    },

    /**
     * Before a reset ends every session: the passkeys those sessions added, those added before the
     * address was confirmed, and those chosen on the reset page, gone, with a `passkey_removed` event
     * each and the count. Answers how many went.
     */
    async removeAtReset(tx: Sql, userId: string, chosen: readonly string[], meta: RequestMeta): Promise<number> {
      const ids = new Set([...(await plantedPasskeys(tx, userId)), ...chosen.filter((id) => UUID.test(id))]);
      let removed = 0;
      for (const id of ids) if (await this.removePasskey(tx, userId, id, meta)) removed++;
      return removed;
    },

    /**
     * Records a sign-in with the passkey: its new signature counter, which must have grown (a
     * cloned authenticator, or a replay, shows an old one); authenticators that keep no counter
     * send 0 every time. False when refused.
     */
    async usePasskey(id: string, counter: number): Promise<boolean> {
      const rows = await sql`
        update passkeys set counter = ${counter}, last_used_at = now()
        where id = ${id} and (counter < ${counter} or (counter = 0 and ${counter}::bigint = 0))
        returning id
      `;
      return rows.length > 0;
    },
  };
}

export type PasskeyRepository = ReturnType<typeof createPasskeyRepository>;
