/** The names this feature gives its pages (read when the first page is drawn) and its events (read with the logs). */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const SESSION_LABELS = /* @__PURE__ */ catalogue("web/session/labels", {
  sessions: "Sessions",
} as const);

/** Its events' names: their translations come with the pages that show logs. */
export const SESSION_EVENTS = /* @__PURE__ */ catalogue("web/session/events", {
  eventSessionRevoked: "Device signed out",
  eventSessionsRevoked: "Other devices signed out",
} as const);
