import { timingSafeEqual } from "node:crypto";

/** Methods that change state and so need the double-submit header when a cookie authenticates. */
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function needsCsrfCheck(method: string): boolean {
  return UNSAFE_METHODS.has(method);
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
