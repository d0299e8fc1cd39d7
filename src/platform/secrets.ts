/**
 * The random tokens the server hands out (sessions' refresh tokens, pending sign-ins, remembered
 * devices, provider trips) and the hash it keeps of them in their place.
 */

/** 32 random bytes as base64url: 256 bits, 43 characters. */
export const randomToken = (): string => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");

/** What a randomToken looks like (anything else is not one, and is not looked up). */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** SHA-256 as hex: what is stored of a token, or the key it is stored under. */
export const sha256Hex = (value: string): string => new Bun.CryptoHasher("sha256").update(value).digest("hex");
