import { timingSafeEqual } from "node:crypto";

/** The safe methods of RFC 9110: every other one may change state. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

/**
 * Whether a cookie-authenticated request needs the double-submit header: every method but the safe
 * ones (so a forwarded PROPFIND or a made-up method is held to it too).
 */
export function needsCsrfCheck(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

/**
 * Compares two secrets in time that depends only on their lengths, never on where they differ.
 * A length mismatch still runs one comparison, so it does not return faster either.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/**
 * Signed double submit: the X-CSRF-TOKEN header must equal the `csrf` claim inside the signed
 * token. The CSRF cookie only carries that value to the page, so a forged cookie matches nothing.
 */
export function isCsrfHeaderValid(header: string | null | undefined, csrfClaim: string): boolean {
  return typeof header === "string" && header.length > 0 && constantTimeEqual(header, csrfClaim);
}
