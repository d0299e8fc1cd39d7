/** The names this feature gives its pages (read when the first page is drawn) and its events (read with the logs). */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const OIDC_LABELS = /* @__PURE__ */ catalogue("web/oidc/labels", {
  allowAccess: "Allow access",
  connectedApps: "Connected apps",
  applications: "Applications",
  adminApplications: "Admin · applications",
} as const);
