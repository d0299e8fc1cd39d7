/**
 * The audit trail: newest first, paged by cursor, filtered by actor, action and time; and the same
 * entries as a CSV file to take away. Admins only, as every admin route.
 */
import { Elysia, t } from "elysia";
import { invalidFields } from "../http/errors.ts";
import { REQUEST_FIELD_MESSAGES } from "../http/messages.ts";
import { errorResponses, READ_SECURITY } from "../http/schemas.ts";
import type { RouteKit } from "../kit.ts";
import { adminGuard, badCursor, iso } from "./kit.ts";
import { type AuditEntry, AuditQuery, AuditResponse, CsvAuditQuery } from "./model.ts";
import type { AdminRepository, AuditFilter, AuditRow } from "./repository.ts";

/** The most a CSV export holds (the newest that match); a narrower filter reaches older ones. */
export const CSV_MAX_ROWS = 10_000;

const toEntry = (row: AuditRow): AuditEntry => ({
  at: iso(row.at) as string,
  actor: { uid: row.actor_uid, email: row.actor_email },
  action: row.action,
  target: row.target_email === null ? null : { uid: row.target_uid, email: row.target_email },
  ip: row.ip,
  detail: (typeof row.detail === "string" ? JSON.parse(row.detail) : row.detail) as Record<string, unknown>,
});

/**
 * One CSV cell: quoted, quotes doubled, and a cell a spreadsheet would run as a formula (=, +, -, @,
 * a tab or a carriage return first) made plain text with a leading apostrophe: an actor's address or
 * a lock reason is somebody's input, and the file is opened by an admin.
 */
export function csvCell(value: string | null): string {
  const text = value ?? "";
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

function filterOf(query: { actor?: string; action?: string; from?: string; to?: string }): AuditFilter {
  const when = (field: "from" | "to", value: string | undefined): Date | undefined => {
    if (value === undefined || value === "") return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw invalidFields([{ field, message: REQUEST_FIELD_MESSAGES.dateTime }]);
    return date;
  };
  return {
    actor: query.actor?.trim() || undefined,
    action: query.action || undefined,
    from: when("from", query.from),
    to: when("to", query.to),
  };
}

export function auditRoutes(deps: Pick<RouteKit, "auth">, repo: AdminRepository) {
  const entries = repo.auditEntries;
  return new Elysia({ prefix: "/api/admin", tags: ["admin"] })
    .use(adminGuard(deps.auth))
    .get(
      "/audit",
      async ({ query }) => {
        const limit = query.limit ?? 50;
        if (query.cursor !== undefined && !/^\d{1,18}$/.test(query.cursor)) throw badCursor();
        const rows = await entries(filterOf(query), query.cursor ?? null, limit + 1);
        const page = rows.slice(0, limit);
        return {
          success: true as const,
          entries: page.map(toEntry),
          next_cursor: rows.length > limit ? String(page.at(-1)?.id) : null,
        };
      },
      {
        admin: true,
        query: AuditQuery,
        response: { 200: AuditResponse, ...errorResponses(401, 403, 422, 503) },
        detail: {
          summary: "The audit trail, newest first",
          description:
            "Filtered by `actor` (stable id or e-mail, any case), `action`, and `from`/`to` (ISO dates; from included, to excluded).",
          security: READ_SECURITY,
        },
      },
    )
    .get(
      "/audit.csv",
      async ({ query, set }) => {
        const rows = await entries(filterOf(query), null, CSV_MAX_ROWS);
        const lines = [["at", "actor_uid", "actor_email", "action", "target_uid", "target_email", "ip", "detail"]];
        for (const row of rows) {
          const entry = toEntry(row);
          lines.push([
            entry.at,
            entry.actor?.uid ?? "",
            entry.actor?.email ?? "",
            entry.action,
            entry.target?.uid ?? "",
            entry.target?.email ?? "",
            entry.ip ?? "",
            JSON.stringify(entry.detail),
          ]);
        }
        set.headers["content-type"] = "text/csv; charset=utf-8";
        set.headers["content-disposition"] =
          `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`;
        return `${lines.map((line) => line.map(csvCell).join(",")).join("\r\n")}\r\n`;
      },
      {
        admin: true,
        query: CsvAuditQuery,
        response: {
          200: t.String({ description: "text/csv: a header line, then one line per entry" }),
          ...errorResponses(401, 403, 422, 503),
        },
        detail: {
          summary: "The audit trail as CSV",
          description: `The entries the same filters select, newest first, at most ${CSV_MAX_ROWS}; a cell that a spreadsheet would take for a formula starts with an apostrophe.`,
          security: READ_SECURITY,
        },
      },
    );
}
