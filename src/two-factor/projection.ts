/**
 * What two-factor keeps on the user's row (its migration's columns: `totp_enabled`,
 * `recovery_codes_left`, `passkey_count`, `webauthn_handle`), read from the record the kernel loads
 * with every request, so showing them costs no query. The kernel names none of these.
 */
import type { Mfa } from "../users/model.ts";
import type { UserRecord } from "../users/repository.ts";

/** The account's second factors, as the API's `user.mfa` shows them. */
export function mfaOf(user: UserRecord): Mfa {
  return {
    totp: user.row.totp_enabled === true,
    recovery_codes: Number(user.row.recovery_codes_left ?? 0),
    passkeys: Number(user.row.passkey_count ?? 0),
  };
}

/** The WebAuthn user handle (random, fixed): what a passkey gives back at sign-in. */
export const webauthnHandleOf = (user: UserRecord): string => String(user.row.webauthn_handle);

/** The user as it is after a recovery code was used up (the answer shows how many are left). */
export const withRecoveryCodesLeft = (user: UserRecord, left: number): UserRecord => ({
  ...user,
  row: { ...user.row, recovery_codes_left: left },
});
