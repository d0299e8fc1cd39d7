import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { AuditEntry } from "../../../src/admin/model.ts";
import { ScrollTable } from "../components/ScrollTable.tsx";
import { Alert, Button, Card } from "../components/ui.tsx";
import { useApp, useTitle } from "../context.ts";
import "./Admin.css";

/** The audit log: who did what to whom, newest first. */
export function AdminAudit() {
  useTitle("Admin · audit log");
  const { actions } = useApp();
  const entries = useSignal<AuditEntry[]>([]);
  const cursor = useSignal<string | null>(null);
  const done = useSignal(false);
  const error = useSignal<string | null>(null);
  const more = async () => {
    const path = `/api/admin/audit?limit=50${cursor.value ? `&cursor=${cursor.value}` : ""}`;
    const result = await actions.api.get<{ entries: AuditEntry[]; next_cursor: string | null }>(path);
    if (!result.ok) {
      error.value = result.error.msg;
      return;
    }
    entries.value = [...entries.value, ...result.data.entries];
    cursor.value = result.data.next_cursor;
    done.value = result.data.next_cursor === null;
  };
  useEffect(() => {
    void more();
  }, []);
  return (
    <div class="admin">
      <p>
        <a href="/admin">← All users</a>
      </p>
      <Card title="Audit log">
        {error.value && <Alert kind="error">{error.value}</Alert>}
        {entries.value.length === 0 ? (
          <p class="muted">Nothing yet.</p>
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
                    {entry.action.replaceAll("_", " ")}
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
