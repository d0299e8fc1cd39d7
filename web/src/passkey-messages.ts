/**
 * Why a passkey ceremony did not finish, said to a person: loaded with the ceremony (and its
 * language's sentences with it), not with the first page.
 */
import { catalogue } from "../../src/http/catalogue.ts";

export const PASSKEY_MESSAGES = /* @__PURE__ */ catalogue("web/passkeys", {
  passkeyCancelled: "The passkey request was cancelled or timed out.",
  passkeyExists: "This device already holds a passkey for your account.",
  passkeyWrongAddress: "Passkeys need this page to be opened at the server's own address.",
  passkeyUnsupported: "This browser could not use a passkey.",
} as const);
