/** The names this feature gives its pages (read when the first page is drawn) and its events (read with the logs). */
import { catalogue } from "../../../../src/http/catalogue.ts";

export const ADMIN_LABELS = /* @__PURE__ */ catalogue("web/admin/labels", {
  admin: "Admin",
  auditLog: "Audit log",
  adminAuditLog: "Admin · audit log",
  user: "User",
  adminUser: "Admin · user",
} as const);

/** Its events' names: their translations come with the pages that show logs. */
export const ADMIN_EVENTS = /* @__PURE__ */ catalogue("web/admin/events", {
  eventUnlocked: "Unlocked by an admin",
  eventRoleChanged: "Role changed by an admin",
  eventLocked: "Locked by an admin",
} as const);
