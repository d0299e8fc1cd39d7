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

export function createTwoFactor({ sql, sealer, store, mailer, publicUrl, now = Date.now }: TwoFactorOptions) {
  const repo = createTwoFactorRepository(sql, sealer);

  /**
   * Whether `factor` is a right, unused code of `user`: a TOTP code for a step newer than the last
   * one used (taken for good, on every replica), or an unused recovery code (used up, its event
   * recorded, and a notice mailed, together).
   */
  async function check(user: UserRecord, factor: SecondFactor, meta: RequestMeta): Promise<boolean> {
    if (factor.recovery_code !== undefined) {
      const hash = recoveryCodeHash(factor.recovery_code);
      return sql.begin(async (tx) => {
        if (!(await repo.useRecoveryCode(tx, user.id, hash, meta))) return false;
        await mailer.notify(tx, user.email, "recovery_code_used", meta);
        return true;
      });
    }
    if (factor.code === undefined) return false;
    const totp = await repo.totp(user.id);
    if (!totp?.confirmed) return false;
    const step = acceptedStep(totp.secret, factor.code, now());
    return step !== null && step > totp.lastStep && (await repo.takeStep(user.id, step));
  }

  /** What a password reset does to passkeys: removes those it must (and those chosen), with a notice. */
  const hooks: AccountHooks = {
    async passwordReset(tx, user, chosen, meta) {
      const removed = await repo.removeAtReset(tx, user.id, chosen.removePasskeys, meta);
      if (removed > 0) await mailer.notify(tx, user.email, "passkeys_removed", meta);
    },
  };

  return {
    repo,
    now,
    check,
    hooks,
    pending: createPendingSignIns(store, now),
    ceremonies: createPasskeyCeremonies({ store, publicUrl, now }),
  };
}

export type TwoFactor = ReturnType<typeof createTwoFactor>;
