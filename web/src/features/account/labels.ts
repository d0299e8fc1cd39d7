/** The names this feature gives its pages (read when the first page is drawn) and its events (read with the logs). */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const ACCOUNT_LABELS = /* @__PURE__ */ catalogue("web/account/labels", {
  dashboard: "Dashboard",
  profile: "Profile",
  signUp: "Sign up",
} as const);

/** Its events' names: their translations come with the pages that show logs. */
export const ACCOUNT_EVENTS = /* @__PURE__ */ catalogue("web/account/events", {
  eventLogout: "Signed out",
  eventPasswordChanged: "Password changed",
  eventProfileUpdated: "Profile updated",
  eventSignup: "Account created",
} as const);
