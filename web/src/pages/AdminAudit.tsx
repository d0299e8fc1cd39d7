import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { AuditEntry } from "../../../src/admin/model.ts";
import { ScrollTable } from "../components/ScrollTable.tsx";
import { Alert, Button, Card } from "../components/ui.tsx";
import { useApp, useTitle } from "../context.ts";
import "./Admin.css";

/** The actions the log may be filtered by, in words. */
const ACTIONS: Array<[AuditEntry["action"], string]> = [
  ["account_locked", "Locked"],
  ["account_unlocked", "Unlocked"],
  ["sessions_revoked", "Signed out everywhere"],
  ["session_revoked", "One session ended"],
  ["role_changed", "Role changed"],
  ["account_deleted", "Deleted"],
  ["two_factor_reset", "Two-factor reset"],
  ["reset_link_sent", "Reset link sent"],
  ["confirmation_sent", "Confirmation sent"],
  ["email_confirmed", "Address marked confirmed"],
];

/**
 * The audit log: who did what to whom, newest first; filtered by who, what and when (the dates are
 * the viewer's own days), and the same entries as a CSV file.
 */
export function AdminAudit() {
  useTitle("Admin · audit log");
  const { actions } = useApp();
  const entries = useSignal<AuditEntry[]>([]);
  const cursor = useSignal<string | null>(null);
  const done = useSignal(false);
  const error = useSignal<string | null>(null);
  const filter = useSignal({ actor: "", action: "", from: "", to: "" });
  /** The filters as the API takes them: a day from the date fields is the viewer's own day. */
  const query = () => {
    const params = new URLSearchParams();
    const { actor, action, from, to } = filter.value;
    if (actor.trim()) params.set("actor", actor.trim());
    if (action) params.set("action", action);
    if (from) params.set("from", new Date(`${from}T00:00`).toISOString());
    if (to) params.set("to", new Date(new Date(`${to}T00:00`).getTime() + 86_400_000).toISOString());
    return params;
  };
  const more = async (fresh = false) => {
    const params = query();
    params.set("limit", "50");
    if (!fresh && cursor.value) params.set("cursor", cursor.value);
    const result = await actions.api.get<{ entries: AuditEntry[]; next_cursor: string | null }>(
      `/api/admin/audit?${params}`,
    );
    if (!result.ok) {
      error.value = result.error.msg;
      return;
    }
    error.value = null;
    entries.value = fresh ? result.data.entries : [...entries.value, ...result.data.entries];
    cursor.value = result.data.next_cursor;
    done.value = result.data.next_cursor === null;
    if (fresh) actions.announce(`${result.data.entries.length} entries shown.`);
  };
  useEffect(() => {
    void more(true);
  }, []);
  const set = (field: keyof typeof filter.value) => (event: Event) => {
    filter.value = { ...filter.value, [field]: (event.currentTarget as HTMLInputElement).value };
  };
  const apply = (event: Event) => {
    event.preventDefault();
    void more(true);
  };

  return (
    <div class="admin">
      <p>
        <a href="/admin">← All users</a>
      </p>
      <Card title="Audit log">
        <form class="admin-filters" aria-label="Filter the audit log" onSubmit={apply}>
          <div class="field">
            <label for="audit-actor">Who (e-mail)</label>
            <input id="audit-actor" value={filter.value.actor} onInput={set("actor")} autocomplete="off" />
          </div>
          <div class="field">
            <label for="audit-action">What</label>
            <select id="audit-action" value={filter.value.action} onChange={set("action")}>
              <option value="">Anything</option>
              {ACTIONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="audit-from">From</label>
            <input id="audit-from" type="date" value={filter.value.from} onInput={set("from")} />
          </div>
          <div class="field">
            <label for="audit-to">To</label>
            <input id="audit-to" type="date" value={filter.value.to} onInput={set("to")} />
          </div>
          <div class="security-actions">
            <Button>Show</Button>
            <a class="btn btn-ghost" href={`/api/admin/audit.csv?${query()}`} download>
              Download CSV
            </a>
          </div>
        </form>
        {error.value && <Alert kind="error">{error.value}</Alert>}
        {entries.value.length === 0 ? (
          <p class="muted">No entry.</p>
        ) : (
          <ScrollTable label="Audit log">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">To whom</th>
                <th scope="col">IP</th>
              </tr>
            </thead>
            <tbody>
              {entries.value.map((entry, i) => (
                <tr key={`${entry.at}-${i}`}>
                  <td data-label="When">
                    {new Date(entry.at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}
                  </td>
                  <td data-label="Who">{entry.actor?.email}</td>
                  <td data-label="What">
                    {ACTIONS.find(([value]) => value === entry.action)?.[1] ?? entry.action.replaceAll("_", " ")}
                    {typeof entry.detail.reason === "string" && <span class="muted"> ({entry.detail.reason})</span>}
                  </td>
                  <td data-label="To whom">{entry.target?.email ?? "—"}</td>
                  <td data-label="IP">{entry.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
        {!done.value && entries.value.length > 0 && (
          <Button type="button" kind="ghost" onClick={() => void more()}>
            Show older
          </Button>
        )}
      </Card>
    </div>
  );
}
