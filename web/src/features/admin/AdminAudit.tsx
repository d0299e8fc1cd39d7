import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { AuditEntry } from "../../../../src/admin/model.ts";
import type { ApiError } from "../../api.ts";
import { ScrollTable } from "../../components/ScrollTable.tsx";
import { Alert, Button, Card, Form } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { useForm } from "../../form.ts";
import { exactTime } from "../../time.ts";
import { ADMIN_LABELS as L } from "./labels.ts";
import { ADMIN_TEXT as T } from "./messages.ts";

/** The actions the log may be filtered by, in words. */
const ACTIONS = (): Array<[AuditEntry["action"], string]> => [
  ["account_locked", T.actionLocked],
  ["account_unlocked", T.actionUnlocked],
  ["sessions_revoked", T.actionSignedOut],
  ["session_revoked", T.actionSessionEnded],
  ["role_changed", T.actionRoleChanged],
  ["account_deleted", T.actionDeleted],
  ["two_factor_reset", T.actionTwoFactorReset],
  ["reset_link_sent", T.actionResetSent],
  ["confirmation_sent", T.actionConfirmationSent],
  ["email_confirmed", T.actionConfirmed],
  ["client_created", T.actionClientCreated],
  ["client_updated", T.actionClientUpdated],
  ["client_secret_rotated", T.actionClientRotated],
  ["client_deleted", T.actionClientDeleted],
];

type Filter = { actor: string; action: string; from: string; to: string };

/** The filters as the API takes them: a day from the date fields is the viewer's own day. */
function query({ actor, action, from, to }: Filter): URLSearchParams {
  const params = new URLSearchParams();
  if (actor.trim()) params.set("actor", actor.trim());
  if (action) params.set("action", action);
  if (from) params.set("from", new Date(`${from}T00:00`).toISOString());
  if (to) params.set("to", new Date(new Date(`${to}T00:00`).getTime() + 86_400_000).toISOString());
  return params;
}

/**
 * The audit log: who did what to whom, newest first; filtered by who, what and when (the dates are
 * the viewer's own days), and the same entries as a CSV file.
 */
export function AdminAudit() {
  useTitle(L.adminAuditLog);
  const { actions } = useApp();
  const entries = useSignal<AuditEntry[]>([]);
  const cursor = useSignal<string | null>(null);
  const done = useSignal(false);
  const error = useSignal<string | null>(null);
  const shown = useSignal<Filter>({ actor: "", action: "", from: "", to: "" });
  /** The next page of the filter shown (`fresh`: its first page); the error when it failed. */
  const more = async (fresh = false) => {
    const params = query(shown.value);
    params.set("limit", "50");
    if (!fresh && cursor.value) params.set("cursor", cursor.value);
    const result = await actions.api.get<{ entries: AuditEntry[]; next_cursor: string | null }>(
      `/api/admin/audit?${params}`,
    );
    if (!result.ok) return result.error;
    entries.value = fresh ? result.data.entries : [...entries.value, ...result.data.entries];
    cursor.value = result.data.next_cursor;
    done.value = result.data.next_cursor === null;
    if (fresh) actions.announce(T.entriesShown(result.data.entries.length));
    return null;
  };
  useEffect(() => {
    void more(true);
  }, []);
  const older = async () => {
    error.value = (await more())?.msg ?? null;
  };

  return (
    <div class="admin">
      <p>
        <a href="/admin">{T.allUsers}</a>
      </p>
      <Card title={L.auditLog}>
        <AuditFilters
          onShow={(filter) => {
            shown.value = filter;
            return more(true);
          }}
        />
        {error.value && <Alert kind="error">{error.value}</Alert>}
        <AuditTable entries={entries.value} />
        {!done.value && entries.value.length > 0 && (
          <Button type="button" kind="ghost" onClick={() => void older()}>
            {T.showOlder}
          </Button>
        )}
      </Card>
    </div>
  );
}

/** Who, what, from and to: a form (the server's 422 at its field), and the CSV of the same entries. */
function AuditFilters({ onShow }: { onShow(filter: Filter): Promise<ApiError | null> }) {
  const form = useForm<Filter>({ initial: { actor: "", action: "", from: "", to: "" }, send: onShow });
  const values = form.values.value;
  const bind = (name: keyof Filter) => ({
    value: values[name],
    "aria-invalid": form.errors.value[name] ? ("true" as const) : undefined,
    onInput: (event: Event) => form.field(name).onInput((event.currentTarget as HTMLInputElement).value),
  });
  return (
    <Form form={form} class="admin-filters" label={T.filterAudit}>
      <div class="field">
        <label for="audit-actor">{T.whoEmail}</label>
        <input id="audit-actor" autocomplete="off" {...bind("actor")} />
      </div>
      <div class="field">
        <label for="audit-action">{T.what}</label>
        <select id="audit-action" {...bind("action")} onChange={bind("action").onInput}>
          <option value="">{T.anything}</option>
          {ACTIONS().map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="audit-from">{T.from}</label>
        <input id="audit-from" type="date" {...bind("from")} />
      </div>
      <div class="field">
        <label for="audit-to">{T.to}</label>
        <input id="audit-to" type="date" {...bind("to")} />
      </div>
      {Object.values(form.errors.value).map((message) => (
        <p class="field-error" key={message}>
          {message}
        </p>
      ))}
      <div class="button-row">
        <Button busy={form.busy.value}>{T.show}</Button>
        <a class="btn btn-ghost" href={`/api/admin/audit.csv?${query(values)}`} download>
          {T.downloadCsv}
        </a>
      </div>
    </Form>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p class="muted">{T.noEntry}</p>;
  return (
    <ScrollTable label={L.auditLog}>
      <thead>
        <tr>
          <th scope="col">{T.when}</th>
          <th scope="col">{T.who}</th>
          <th scope="col">{T.what}</th>
          <th scope="col">{T.toWhom}</th>
          <th scope="col">{T.ip}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, i) => (
          <tr key={`${entry.at}-${i}`}>
            <td data-label={T.when}>{exactTime(entry.at)}</td>
            <td data-label={T.who}>{entry.actor?.email}</td>
            <td data-label={T.what}>
              {ACTIONS().find(([value]) => value === entry.action)?.[1] ?? entry.action.replaceAll("_", " ")}
              {typeof entry.detail.reason === "string" && <span class="muted"> ({entry.detail.reason})</span>}
            </td>
            <td data-label={T.toWhom}>
              {entry.target?.email ?? (typeof entry.detail.name === "string" ? entry.detail.name : "—")}
            </td>
            <td data-label={T.ip}>{entry.ip ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
