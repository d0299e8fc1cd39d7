/**
 * The links mailed to an address: confirm it (24 hours) or reset the password (30 minutes).
 *
 *   token    32 random bytes (256 bits), base64url, only ever in a mailed link's fragment
 *   stored   its SHA-256 alone (hex), with the purpose, the address it was mailed to and its expiry
 *   use      once: the update that marks it used is the check, so two uses racing get one success
 *   void     a newer link of the same purpose voids the older ones; a password change or reset
 *            voids every reset link; an address change voids every link of the account (so none
 *            works again if the account changes back to the address it was mailed to)
 *
 * Looking a token up by its hash compares nothing secret in variable time: an attacker who could
 * time the index lookup learns about a hash, not about any token.
 */
import type { Sql } from "../platform/db/sql.ts";

export type LinkPurpose = "verify_email" | "reset_password";

export const LINK_LIFETIME_SECONDS: Record<LinkPurpose, number> = {
  verify_email: 24 * 3600,
  reset_password: 30 * 60,
};

const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (value: string): string => new Bun.CryptoHasher("sha256").update(value).digest("hex");

/** A new token and the hash that is stored for it. */
export function newLinkToken(): { token: string; hash: string } {
  const token = Buffer.from(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES))).toString("base64url");
  return { token, hash: sha256(token) };
}

/** The stored hash of `token`, or null when it cannot be one of ours (any other string). */
export function linkTokenHash(token: string): string | null {
  return TOKEN_SHAPE.test(token) ? sha256(token) : null;
}

export interface LinkOwner {
  userId: string;
  email: string;
}

export interface EmailLinks {
  /** A new link for the account's current address (older ones of the purpose void); its token. */
  issue(tx: Sql, owner: LinkOwner, purpose: LinkPurpose): Promise<string>;
  /** The owner of a link still good (not used, not expired, the address unchanged), unchanged. */
  peek(token: string, purpose: LinkPurpose): Promise<LinkOwner | null>;
  /** Uses a link still good: its owner, or null (used, expired, voided, unknown). */
  use(tx: Sql, token: string, purpose: LinkPurpose): Promise<LinkOwner | null>;
  /** Voids every unused link of the purpose for the account. */
  voidAll(tx: Sql, userId: string, purpose: LinkPurpose): Promise<void>;
  /**
   * Voids every unused link of the account, of every purpose: when its address changes (a link
   * mailed to the old address must not work again if the account ever changes back to it).
   */
  voidEvery(tx: Sql, userId: string): Promise<void>;
}

/** Expiry is judged by `now` (ms; injectable, so tests move the clock instead of sleeping). */
export function createEmailLinks(sql: Sql, now: () => number = Date.now): EmailLinks {
  const at = (ms: number) => new Date(ms);

  const voidAll = async (tx: Sql, userId: string, purpose: LinkPurpose) => {
    await tx`
      update email_tokens set used_at = ${at(now())}
      where user_id = ${userId} and purpose = ${purpose} and used_at is null
    `;
  };

  return {
    async issue(tx, { userId, email }, purpose) {
      const { token, hash } = newLinkToken();
      const t = now();
      await voidAll(tx, userId, purpose);
      await tx`
        insert into email_tokens (user_id, purpose, token_hash, email, created_at, expires_at)
        values (${userId}, ${purpose}, ${hash}, ${email}, ${at(t)}, ${at(t + LINK_LIFETIME_SECONDS[purpose] * 1000)})
      `;
      return token;
    },

    async peek(token, purpose) {
      const hash = linkTokenHash(token);
      if (hash === null) return null;
      const [row] = await sql<{ user_id: string | number | bigint; email: string }>`
        select t.user_id, u.email from email_tokens t join users u on u.id = t.user_id
        where t.token_hash = ${hash} and t.purpose = ${purpose} and t.used_at is null
          and t.expires_at > ${at(now())} and u.email = t.email
      `;
      return row ? { userId: String(row.user_id), email: row.email } : null;
    },

    async use(tx, token, purpose) {
      const hash = linkTokenHash(token);
      if (hash === null) return null;
      const [row] = await tx<{ user_id: string | number | bigint; email: string }>`
        update email_tokens t set used_at = ${at(now())}
        from users u
        where t.token_hash = ${hash} and t.purpose = ${purpose} and t.used_at is null
          and t.expires_at > ${at(now())} and u.id = t.user_id and u.email = t.email
        returning t.user_id, u.email
      `;
      return row ? { userId: String(row.user_id), email: row.email } : null;
    },

    voidAll,

    async voidEvery(tx, userId) {
      await tx`update email_tokens set used_at = ${at(now())} where user_id = ${userId} and used_at is null`;
    },
  };
}
