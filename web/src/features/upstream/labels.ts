/** The names this feature gives its pages (read when the first page is drawn) and its events (read with the logs). */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const UPSTREAM_LABELS = /* @__PURE__ */ catalogue("web/upstream/labels", {
  linkYourAccount: "Link your account",
} as const);

/** Its events' names: their translations come with the pages that show logs. */
export const UPSTREAM_EVENTS = /* @__PURE__ */ catalogue("web/upstream/events", {
  eventUnlinked: "Provider unlinked",
  eventLinked: "Provider linked",
} as const);
