/**
 * The authenticator app's storage in raw SQL: the TOTP secret (sealed) and the recovery codes
 * (hashed); passkeys are passkeys.ts. Each change, the user row's `totp_enabled` /
 * `recovery_codes_left` (what `user.mfa` shows) and the event that records it commit together;
 * callers pass the transaction when a notice is mailed with it.
 */
import type { RequestMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";
import { type Sealer, sealedKeyId } from "../platform/sealed.ts";
import { recordEvent } from "../users/events.ts";

export interface TotpState {
  secret: string;
  confirmed: boolean;
  lastStep: number;
}

/** What a sealed secret is bound to: its user (copied to another row, it does not open). */
const totpContext = (userId: string) => `totp_secrets:${userId}`;

export function createTwoFactorRepository(sql: Sql, sealer: Sealer) {
  const insertCodes = async (tx: Sql, userId: string, hashes: readonly string[]) => {
    await tx`delete from recovery_codes where user_id = ${userId}`;
    for (const hash of hashes) await tx`insert into recovery_codes (user_id, code_hash) values (${userId}, ${hash})`;
    await tx`update users set recovery_codes_left = ${hashes.length} where id = ${userId}`;
  };

  return {
    async totp(userId: string): Promise<TotpState | null> {
      const [row] = await sql<{ secret_sealed: string; confirmed_at: Date | null; last_step: string | number }>`
        select secret_sealed, confirmed_at, last_step from totp_secrets where user_id = ${userId}
      `;
      if (!row) return null;
      return {
        secret: sealer.open(row.secret_sealed, totpContext(userId)).toString("utf8"),
        confirmed: row.confirmed_at !== null,
        lastStep: Number(row.last_step),
      };
    },

    /** A pending secret (replacing an earlier pending one); false when TOTP is already enabled. */
    async beginTotp(userId: string, secret: string): Promise<boolean> {
      const sealed = sealer.seal(secret, totpContext(userId));
      const rows = await sql`
        insert into totp_secrets (user_id, secret_sealed, key_id)
        values (${userId}, ${sealed}, ${sealedKeyId(sealed)})
        on conflict (user_id) do update
          set secret_sealed = excluded.secret_sealed, key_id = excluded.key_id, created_at = now(), last_step = 0
          where totp_secrets.confirmed_at is null
        returning user_id
      `;
      return rows.length > 0;
    },

    /** Enables the pending secret at `step`, with new recovery codes and a `totp_enabled` event. */
    async confirmTotp(tx: Sql, userId: string, step: number, codeHashes: readonly string[], meta: RequestMeta) {
      const rows = await tx`
        update totp_secrets set confirmed_at = now(), last_step = ${step}
        where user_id = ${userId} and confirmed_at is null and last_step < ${step}
        returning user_id
      `;
      if (rows.length === 0) return false;
      await tx`update users set totp_enabled = true, updated_at = now() where id = ${userId}`;
      await insertCodes(tx, userId, codeHashes);
      await recordEvent(tx, userId, "totp_enabled", meta);
      return true;
    },

    /** TOTP and the recovery codes gone, with a `totp_disabled` event; false when it was not enabled. */
    async disableTotp(tx: Sql, userId: string, meta: RequestMeta): Promise<boolean> {
      const rows = await tx`
        delete from totp_secrets where user_id = ${userId} and confirmed_at is not null returning user_id
      `;
      await tx`delete from totp_secrets where user_id = ${userId}`;
      if (rows.length === 0) return false;
      await tx`update users set totp_enabled = false, recovery_codes_left = 0, updated_at = now() where id = ${userId}`;
      await tx`delete from recovery_codes where user_id = ${userId}`;
      await tx`delete from remembered_devices where user_id = ${userId}`;
      await recordEvent(tx, userId, "totp_disabled", meta);
      return true;
    },

    /** New recovery codes (the old ones void) while TOTP is enabled; false otherwise. */
    async replaceRecoveryCodes(userId: string, codeHashes: readonly string[], meta: RequestMeta): Promise<boolean> {
      return sql.begin(async (tx) => {
        const [row] = await tx<{ totp_enabled: boolean }>`
          select totp_enabled from users where id = ${userId} for update
        `;
        if (!row?.totp_enabled) return false;
        await insertCodes(tx, userId, codeHashes);
        await recordEvent(tx, userId, "recovery_codes_regenerated", meta);
        return true;
      });
    },

    /** Takes `step` for the user if it is newer than any taken before (one winner across replicas). */
    async takeStep(userId: string, step: number): Promise<boolean> {
      const rows = await sql`
        update totp_secrets set last_step = ${step}
        where user_id = ${userId} and confirmed_at is not null and last_step < ${step}
        returning user_id
      `;
      return rows.length > 0;
    },

    /**
     * Uses an unused recovery code of the user, with a `recovery_code_used` event: how many are left
     * then, or null when the code is not one of them.
     */
    async useRecoveryCode(tx: Sql, userId: string, hash: string, meta: RequestMeta): Promise<number | null> {
      const rows = await tx`
        update recovery_codes set used_at = now()
        where user_id = ${userId} and code_hash = ${hash} and used_at is null
        returning id
      `;
      if (rows.length === 0) return null;
      const [left] = await tx<{ recovery_codes_left: number }>`
        update users set recovery_codes_left = greatest(recovery_codes_left - 1, 0) where id = ${userId}
        returning recovery_codes_left
      `;
      await recordEvent(tx, userId, "recovery_code_used", meta);
      return Number(left?.recovery_codes_left ?? 0);
    },
  };
}

export type TwoFactorRepository = ReturnType<typeof createTwoFactorRepository>;

/**
 * Every second factor of the user gone (the app, the recovery codes, the remembered devices, and
 * with `passkeys` the passkeys), with a `two_factor_reset` event: an admin's help for a user who
 * lost them. Answers what there was.
 */
export async function resetSecondFactors(
  tx: Sql,
  userId: string,
  passkeys: boolean,
  meta: RequestMeta,
): Promise<{ totp: boolean; passkeys: number }> {
  const totp = await tx`delete from totp_secrets where user_id = ${userId} returning confirmed_at`;
  await tx`delete from recovery_codes where user_id = ${userId}`;
  await tx`delete from remembered_devices where user_id = ${userId}`;
  const removed = passkeys ? await tx`delete from passkeys where user_id = ${userId} returning id` : [];
  await tx`
    update users set totp_enabled = false, recovery_codes_left = 0,
      passkey_count = case when ${passkeys} then 0 else passkey_count end, updated_at = now()
    where id = ${userId}
  `;
  await recordEvent(tx, userId, "two_factor_reset", meta);
  return { totp: totp.some((row) => row.confirmed_at !== null), passkeys: removed.length };
}
