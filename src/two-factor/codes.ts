/**
 * The codes of two-factor sign-in, as pure functions.
 *
 *   TOTP      RFC 6238 through `otpauth`: SHA-1, 6 digits, 30-second steps, ±1 step of drift. A
 *             code is good for the step it was made for; `acceptedStep` says which, so the caller
 *             can refuse any step not newer than the last one used (no replay).
 *   recovery  10 codes of 80 random bits each, shown once as xxxx-xxxx-xxxx-xxxx (Crockford's
 *             base32: no I, L, O or U to misread), kept only as SHA-256; typed in any case, with
 *             or without dashes and spaces.
 */
import { Secret, TOTP } from "otpauth";

export const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
const DRIFT_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** A new TOTP secret (160 bits, as RFC 4226 recommends), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = "", issuer = "") {
  return new TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string, issuer: string): string {
  return totp(secret, account, issuer).toString();
}

/** The code for `atMs` (tests and the dashboard's own checks compute codes the same way). */
export function totpCode(secret: string, atMs: number): string {
  return totp(secret).generate({ timestamp: atMs });
}

/** The 30-second step `code` belongs to, within ±1 step of `atMs`; null for a wrong code. */
export function acceptedStep(secret: string, code: string, atMs: number): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: atMs, window: DRIFT_STEPS });
  if (delta === null) return null;
  return Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** Ten new recovery codes, as shown to the user. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    // 16 characters of 5 bits: 80 bits (each byte's low 5 bits; 256 is a multiple of 32, so uniform).
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b & 31]).join("");
    return chars.match(/.{4}/g)?.join("-") ?? chars;
  });
}

/** A recovery code as typed, in the form it was made: lower case, no separators, I/L -> 1, O -> 0. */
export function normalizeRecoveryCode(typed: string): string {
  return typed
    .toLowerCase()
    .replace(/[\s-]+/g, "")
    .replace(/[il]/g, "1")
    .replace(/o/g, "0");
}

/** The stored form of a recovery code (as typed or as made). */
export function recoveryCodeHash(code: string): string {
  return new Bun.CryptoHasher("sha256").update(normalizeRecoveryCode(code)).digest("hex");
}
