/**
 * What two-factor is here, in one place: its storage, the passkey ceremonies, the browsers
 * remembered at the code step, and what it plugs into the rest: the second factors sign-in asks
 * (an app's code, a recovery code), the passkey as a way to sign in (passkey-sign-in.ts), and what a
 * new password or an admin's reset does to its factors (hooks).
 */
import type { AccountMail, SecondFactor } from "../kit.ts";
import type { Sql } from "../platform/db/sql.ts";
import type { Sealer } from "../platform/sealed.ts";
import type { Store } from "../platform/store/store.ts";
import type { AccountHooks } from "../users/hooks.ts";
import { acceptedStep, recoveryCodeHash } from "./codes.ts";
import { createRememberedDevices, deviceCookie, deviceToken } from "./devices.ts";
import { createPasskeyRepository } from "./passkeys.ts";
import { mfaOf, withRecoveryCodesLeft } from "./projection.ts";
import { createTwoFactorRepository, resetSecondFactors } from "./repository.ts";
import { createPasskeyCeremonies } from "./webauthn.ts";

export interface TwoFactorOptions {
  sql: Sql;
  sealer: Sealer;
  store: Store;
  mail: AccountMail;
  /** PUBLIC_URL: the WebAuthn origin; its host is the RP ID. */
  publicUrl: string;
  /** The remembered browser's cookie is Secure (COOKIE_SECURE). */
  cookieSecure: boolean;
  /** Milliseconds since the epoch; injectable, so tests move the clock (codes, tokens, challenges). */
  now: () => number;
}

export function createTwoFactor({ sql, sealer, store, mail, publicUrl, cookieSecure, now }: TwoFactorOptions) {
  const repo = createTwoFactorRepository(sql, sealer);
  const passkeys = createPasskeyRepository(sql);
  const devices = createRememberedDevices(sql, now);

  /**
   * The app's code: right for a step newer than the last one used (taken for good, on every
   * replica). A recovery code: unused (used up, its event recorded, and a notice mailed, together).
   */
  const factors: SecondFactor[] = [
    {
      name: "totp",
      field: "code",
      required: (user) => mfaOf(user).totp,
      fits: (value) => /^\d{6}$/.test(value.replace(/\s+/g, "")),
      async check(user, code) {
        const totp = await repo.totp(user.id);
        if (!totp?.confirmed) return null;
        const step = acceptedStep(totp.secret, code, now());
        const taken = step !== null && step > totp.lastStep && (await repo.takeStep(user.id, step));
        return taken ? { method: "password+totp", user } : null;
      },
    },
    {
      name: "recovery_code",
      field: "recovery_code",
      required: (user) => mfaOf(user).totp,
      fits: () => true,
      check: (user, code, meta) =>
        sql.begin(async (tx) => {
          const left = await repo.useRecoveryCode(tx, user.id, recoveryCodeHash(code), meta);
          if (left === null) return null;
          await mail.notify(tx, user, "recovery_code_used", meta);
          return {
            method: "password+recovery_code" as const,
            user: withRecoveryCodesLeft(user, left),
            answer: { recovery_codes_left: left },
          };
        }),
    },
  ];

  /**
   * What a new password does here: the devices remembered for the code step are forgotten; a reset
   * also removes the passkeys it must (and those chosen), with a notice. An admin's reset removes
   * every factor (the passkeys when asked).
   */
  const hooks: AccountHooks = {
    async passwordChanged(tx, user) {
      await devices.forgetAll(tx, user.id);
    },
    async passwordReset(tx, user, chosen, meta) {
      await devices.forgetAll(tx, user.id);
      const removed = await passkeys.removeAtReset(tx, user.id, chosen.removePasskeys, meta);
      if (removed > 0) await mail.notify(tx, user, "passkeys_removed", meta);
    },
    async secondFactorsReset(tx, user, options, meta) {
      const had = await resetSecondFactors(tx, user.id, options.passkeys, meta);
      return { app: had.totp, passkeys_removed: had.passkeys };
    },
  };

  const browsers = {
    recognizes: (user: { id: string }, cookieHeader: string | null) =>
      devices.recognizes(user.id, deviceToken(cookieHeader)),
    remember: async (user: { id: string }, meta: Parameters<typeof devices.remember>[1]) =>
      deviceCookie(await devices.remember(user.id, meta), cookieSecure),
  };

  return {
    repo,
    passkeys,
    devices,
    factors,
    hooks,
    browsers,
    now,
    ceremonies: createPasskeyCeremonies({ store, publicUrl, now }),
  };
}

export type TwoFactor = ReturnType<typeof createTwoFactor>;
