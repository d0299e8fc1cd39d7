/** The names this feature gives its events: read when the logs are drawn (their translations come with those pages). */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const SIGN_IN_EVENTS = /* @__PURE__ */ catalogue("web/sign-in/events", {
  eventLoginFailed: "Failed sign-in",
  eventMfaFailed: "Wrong two-factor code",
  eventLogin: "Signed in",
} as const);
