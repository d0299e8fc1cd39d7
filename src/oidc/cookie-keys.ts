/**
 * What signs the provider's cookies (Koa's `keys`, in keygrip's shape): HMAC-SHA-256 under keys
 * derived from DATA_ENCRYPTION_KEY, the first signing, every one verifying (so a rotated data key
 * does not sign anybody out of a flow in progress), compared in constant time. Given instead of a
 * list because keygrip's comparison calls a Node API Bun reports as deprecated at every start.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export function cookieSigner(keys: readonly Buffer[]) {
  const [signing] = keys;
  if (!signing) throw new Error("at least one cookie key is needed");
  const digest = (data: string, key: Buffer): Buffer => createHmac("sha256", key).update(data).digest();
  const index = (data: string, signature: string): number => {
    const given = Buffer.from(signature, "base64url");
    return keys.findIndex((key) => {
      const expected = digest(data, key);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  };
  return {
    sign: (data: string): string => digest(data, signing).toString("base64url"),
    index,
    verify: (data: string, signature: string): boolean => index(data, signature) >= 0,
  };
}
