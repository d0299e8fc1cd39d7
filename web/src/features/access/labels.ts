/** The names this feature gives its pages (read when the first page is drawn) and its events (read with the logs). */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const ACCESS_LABELS = /* @__PURE__ */ catalogue("web/access/labels", {
  groups: "Groups",
  adminGroups: "Admin · groups",
  accessRules: "Access rules",
  adminAccessRules: "Admin · access rules",
} as const);
