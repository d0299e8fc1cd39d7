/** The names this feature gives its pages (read when the first page is drawn) and its events (read with the logs). */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const EMAIL_LABELS = /* @__PURE__ */ catalogue("web/email/labels", {
  forgotPassword: "Forgot password",
  newPassword: "Choose a new password",
  confirmAddress: "Confirm your e-mail address",
} as const);

/** Its events' names: their translations come with the pages that show logs. */
export const EMAIL_EVENTS = /* @__PURE__ */ catalogue("web/email/events", {
  eventReset: "Password reset by e-mail",
  eventVerified: "E-mail address confirmed",
  eventResetRequested: "Password reset asked for",
} as const);
