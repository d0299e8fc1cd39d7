/**
 * What a sign-in at another provider keeps between its steps, in the shared store (any replica
 * finishes what another began), under the SHA-256 of its random key, never the key:
 *
 * - a flow, from the start to the callback: the PKCE verifier, the nonce, where to go after, and
 *   (from Profile) the account to link to; 10 minutes, used once, its key the `state`;
 * - a link step, from the callback to the proof of the existing account: the identity to link and
 *   the account whose address it gave; 10 minutes, used once.
 *
 * Both are bound to the browser that started: an HttpOnly cookie holds a random value whose hash
 * each record keeps, compared in constant time. A state or link token carried to another browser
 * (a forged callback, a link sent to a victim) is refused there.
 */
import { timingSafeEqual } from "node:crypto";
import { cookieValue } from "../http/cookies.ts";
import { randomToken, sha256Hex as sha256, TOKEN_SHAPE as TOKEN } from "../platform/secrets.ts";
import type { Store } from "../platform/store/store.ts";

export const FLOW_SECONDS = 10 * 60;
/** The browser's cookie: sent only to these routes, and on the provider's redirect back (Lax). */
export const BROWSER_COOKIE = "datta_upstream";
const COOKIE_PATH = "/api/auth/providers";

export interface Flow {
  provider: string;
  verifier: string;
  nonce: string;
  next: string;
  /** The signed-in account that started it from Profile, to link the provider to. */
  linkTo: string | null;
}

export interface LinkStep {
  provider: string;
  issuer: string;
  subject: string;
  email: string;
  /** The account that has the address: the one that must be signed in to link. */
  userId: string;
  next: string;
}

interface Stored<T> {
  value: T;
  browser: string;
  exp: number;
}

/** The browser's value in a Cookie header, when it has the shape of one. */
export const browserValue = (cookieHeader: string | null): string | null =>
  cookieValue(cookieHeader, BROWSER_COOKIE, TOKEN);

/** The Set-Cookie header binding this browser (a value it already has is kept: two tabs, two flows). */
export function browserCookie(value: string, secure: boolean): string {
  const attributes = `Path=${COOKIE_PATH}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  return `${BROWSER_COOKIE}=${value}; Max-Age=${FLOW_SECONDS}; ${attributes}`;
}

function sameBrowser(stored: string, cookieHeader: string | null): boolean {
  const value = browserValue(cookieHeader);
  if (value === null) return false;
  return timingSafeEqual(Buffer.from(stored, "hex"), Buffer.from(sha256(value), "hex"));
}

export function createFlows(store: Store, now: () => number) {
  const put = async <T>(kind: string, value: T, browser: string): Promise<string> => {
    const key = randomToken();
    const stored: Stored<T> = { value, browser: sha256(browser), exp: now() + FLOW_SECONDS * 1000 };
    await store.put(`upstream:${kind}:${sha256(key)}`, JSON.stringify(stored), FLOW_SECONDS);
    return key;
  };
  /**
   * The record, if the key is live and this browser began it: used once (`take`, used up either
   * way), or only looked at (`peek`).
   */
  const read = async <T>(kind: string, key: string, cookieHeader: string | null, how: "take" | "peek") => {
    if (!TOKEN.test(key)) return null;
    const raw = await store[how](`upstream:${kind}:${sha256(key)}`);
    if (raw === null) return null;
    const stored = JSON.parse(raw) as Stored<T>;
    if (stored.exp <= now() || !sameBrowser(stored.browser, cookieHeader)) return null;
    return stored.value as T;
  };

  return {
    /** A new value for a browser that has none yet. */
    newBrowser: randomToken,
    /** Begins a flow: its `state`. */
    begin: (flow: Flow, browser: string) => put("state", flow, browser),
    /** The flow of this state, once, in the browser that began it; null otherwise. */
    finish: (state: string, cookieHeader: string | null) => read<Flow>("state", state, cookieHeader, "take"),
    /** A link step waiting for the account's proof: its token. */
    awaitLink: (step: LinkStep, browser: string) => put("link", step, browser),
    /** The link step of this token, in the browser it began in; null otherwise. */
    peekLink: (token: string, cookieHeader: string | null) => read<LinkStep>("link", token, cookieHeader, "peek"),
    /** The same, used once. */
    takeLink: (token: string, cookieHeader: string | null) => read<LinkStep>("link", token, cookieHeader, "take"),
  };
}

export type Flows = ReturnType<typeof createFlows>;
