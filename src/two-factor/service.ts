/**
 * What a second factor is here, in one place: checking a code or a recovery code for a user (used
 * by sign-in), with the storage, the pending sign-ins and the passkey ceremonies it is built from.
 */
import type { AccountHooks } from "../account/hooks.ts";
import type { AccountMailer } from "../account/mailer.ts";
import type { UserRecord } from "../account/repository.ts";
import type { RequestMeta } from "../http/context.ts";
import type { Sql } from "../platform/db/sql.ts";
import type { Sealer } from "../platform/sealed.ts";
import type { Store } from "../platform/store/store.ts";
import { acceptedStep, recoveryCodeHash } from "./codes.ts";
import { createRememberedDevices } from "./devices.ts";
import { createPendingSignIns } from "./pending.ts";
import { createTwoFactorRepository } from "./repository.ts";
import { createPasskeyCeremonies } from "./webauthn.ts";

export interface TwoFactorOptions {
  sql: Sql;
  sealer: Sealer;
  store: Store;
  mailer: AccountMailer;
  /** PUBLIC_URL: the WebAuthn origin; its host is the RP ID. */
  publicUrl: string;
  /** Milliseconds since the epoch; injectable, so tests move the clock (codes, tokens, challenges). */
  now?: () => number;
}

export type SecondFactor = { code?: string | undefined; recovery_code?: string | undefined };

/** A second factor that was right: which one, and (for a recovery code) how many are left. */
export type CheckedFactor =
  | { method: "password+totp" }
  | { method: "password+recovery_code"; recoveryCodesLeft: number };

export function createTwoFactor({ sql, sealer, store, mailer, publicUrl, now = Date.now }: TwoFactorOptions) {
  const repo = createTwoFactorRepository(sql, sealer);

  /**
   * Whether `factor` is a right, unused code of `user` (null when not): a TOTP code for a step newer
   * than the last one used (taken for good, on every replica), or an unused recovery code (used up,
   * its event recorded, and a notice mailed, together).
   */
  async function check(user: UserRecord, factor: SecondFactor, meta: RequestMeta): Promise<CheckedFactor | null> {
    if (factor.recovery_code !== undefined) {
      const hash = recoveryCodeHash(factor.recovery_code);
      return sql.begin(async (tx) => {
        const left = await repo.useRecoveryCode(tx, user.id, hash, meta);
        if (left === null) return null;
        await mailer.notify(tx, user.email, "recovery_code_used", meta);
        return { method: "password+recovery_code" as const, recoveryCodesLeft: left };
      });
    }
    if (factor.code === undefined) return null;
    const totp = await repo.totp(user.id);
    if (!totp?.confirmed) return null;
    const step = acceptedStep(totp.secret, factor.code, now());
    const taken = step !== null && step > totp.lastStep && (await repo.takeStep(user.id, step));
    return taken ? { method: "password+totp" as const } : null;
  }

  const devices = createRememberedDevices(sql, now);
  /**
   * What a new password does here: the devices remembered for the code step are forgotten; a reset
   * also removes the passkeys it must (and those chosen), with a notice.
   */
  const hooks: AccountHooks = {
    async passwordChanged(tx, user) {
      await devices.forgetAll(tx, user.id);
    },
    async passwordReset(tx, user, chosen, meta) {
      await devices.forgetAll(tx, user.id);
      const removed = await repo.removeAtReset(tx, user.id, chosen.removePasskeys, meta);
      if (removed > 0) await mailer.notify(tx, user.email, "passkeys_removed", meta);
    },
  };

  return {
    repo,
    now,
    check,
    hooks,
    devices,
    pending: createPendingSignIns(store, now),
    ceremonies: createPasskeyCeremonies({ store, publicUrl, now }),
  };
}

export type TwoFactor = ReturnType<typeof createTwoFactor>;
