import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { MessageResponse } from "../../../src/account/model.ts";
import type { AdminUser, UserDetailResponse, UsersResponse } from "../../../src/admin/model.ts";
import { describeAgent } from "../../../src/http/user-agent.ts";
import type { ApiError } from "../api.ts";
import { EventsTable } from "../components/EventsTable.tsx";
import { ScrollTable } from "../components/ScrollTable.tsx";
import { Alert, Button, Card } from "../components/ui.tsx";
import { useApp, useTitle } from "../context.ts";
import { ADMIN_USER, navigate } from "../router.ts";
import "./Admin.css";

const SEARCH_DEBOUNCE_MS = 250;
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString([], { dateStyle: "medium" }) : "never");

function Badges({ user }: { user: AdminUser }) {
  return (
    <span class="badges">
      {user.role === "admin" && <span class="badge badge-admin">Admin</span>}
      {user.locked && <span class="badge badge-locked">Locked</span>}
      {!user.email_verified && <span class="badge badge-unverified">Unverified</span>}
    </span>
  );
}

/**
 * The users: search as you type (by the start of the name or the address), by sign-up date (newest
 * or oldest first), page by page.
 */
export function AdminUsers() {
  useTitle("Admin");
  const { actions, state } = useApp();
  const q = useSignal("");
  const order = useSignal<"newest" | "oldest">("newest");
  const page = useSignal<UsersResponse | null>(null);
  /** The cursors of the pages before this one, to go back. */
  const trail = useSignal<Array<string | null>>([]);
  const cursor = useSignal<string | null>(null);
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const asked = useRef(0);

  const load = async (query: string, at: string | null) => {
    const ask = ++asked.current;
    busy.value = true;
    const params = new URLSearchParams({ limit: "25" });
    if (query.trim()) params.set("q", query.trim());
    if (order.value === "oldest") params.set("order", "oldest");
    if (at) params.set("cursor", at);
    const result = await actions.api.get<UsersResponse>(`/api/admin/users?${params}`);
    if (ask !== asked.current) return; // an older answer, arriving after a newer question
    busy.value = false;
    if (!result.ok) {
      error.value = result.error.msg;
      return;
    }
    error.value = null;
    page.value = result.data;
    cursor.value = at;
    actions.announce(`${result.data.users.length} users shown.`);
  };

  useEffect(() => {
    const timer = setTimeout(() => {
      trail.value = [];
      void load(q.value, null);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q.value]);

  const next = () => {
    if (!page.value?.next_cursor) return;
    trail.value = [...trail.value, cursor.value];
    void load(q.value, page.value.next_cursor);
  };
  const reorder = (value: string) => {
    order.value = value === "oldest" ? "oldest" : "newest";
    trail.value = [];
    void load(q.value, null).then(() =>
      actions.announce(`Sorted by sign-up date, ${order.value} first. ${page.value?.users.length ?? 0} users shown.`),
    );
  };
  const previous = () => {
    const back = trail.value.at(-1) ?? null;
    trail.value = trail.value.slice(0, -1);
    void load(q.value, back);
  };

  return (
    <div class="admin">
      <Card title="Users">
        <div class="admin-toolbar">
          <label for="admin-search">Search</label>
          <input
            id="admin-search"
            type="search"
            value={q.value}
            placeholder="Start of a username or e-mail"
            autocomplete="off"
            onInput={(event) => (q.value = (event.currentTarget as HTMLInputElement).value)}
          />
          <label for="admin-order">Order</label>
          <select
            id="admin-order"
            value={order.value}
            onChange={(event) => reorder((event.currentTarget as HTMLSelectElement).value)}
          >
            <option value="newest">Newest sign-ups first</option>
            <option value="oldest">Oldest sign-ups first</option>
          </select>
          <a href="/admin/audit">Audit log</a>
        </div>
        {error.value && <Alert kind="error">{error.value}</Alert>}
        {page.value && (
          <>
            <ScrollTable label="Users" busy={busy.value}>
              <caption class="sr-only">Users, {order.value} sign-ups first</caption>
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Role and state</th>
                  <th scope="col" aria-sort={order.value === "newest" ? "descending" : "ascending"}>
                    Signed up
                  </th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Sessions</th>
                </tr>
              </thead>
              <tbody>
                {page.value.users.map((user) => (
                  <tr key={user.uid}>
                    <td data-label="User">
                      <a
                        href={`/admin/users/${user.uid}`}
                        onClick={(event) => {
                          event.preventDefault();
                          navigate(state, `/admin/users/${user.uid}`);
                        }}
                      >
                        {user.username}
                      </a>
                      <span class="muted admin-email">{user.email}</span>
                    </td>
                    <td data-label="Role and state">
                      <Badges user={user} />
                    </td>
                    <td data-label="Signed up">{day(user.created_at)}</td>
                    <td data-label="Last sign-in">{day(user.last_sign_in_at)}</td>
                    <td data-label="Sessions">{user.sessions}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            {page.value.users.length === 0 && <p class="muted">No user matches.</p>}
          </>
        )}
        <div class="security-actions">
          <Button type="button" kind="ghost" onClick={previous} busy={busy.value && trail.value.length > 0}>
            Previous page
          </Button>
          <Button type="button" kind="ghost" onClick={next} busy={busy.value && !page.value?.next_cursor}>
            Next page
          </Button>
        </div>
      </Card>
    </div>
  );
}

type Pending = { action: "lock" | "unlock" | "signout" | "role" | "delete"; label: string } | null;

/** One user: who, sessions, events, and the actions, each destructive one confirmed by name. */
export function AdminUserPage() {
  useTitle("Admin · user");
  const { actions, state } = useApp();
  const uid = ADMIN_USER.exec(state.pathname.value)?.[1] ?? "";
  const detail = useSignal<UserDetailResponse | null>(null);
  const missing = useSignal(false);
  const pending = useSignal<Pending>(null);
  const reason = useSignal("");
  const message = useSignal<{ kind: "success" | "error"; text: string } | null>(null);
  const busy = useSignal(false);
  const confirmRef = useRef<HTMLFieldSetElement>(null);

  const load = async () => {
    const result = await actions.api.get<UserDetailResponse>(`/api/admin/users/${uid}`);
    if (result.ok) detail.value = result.data;
    else if (result.error.status === 404) missing.value = true;
    else message.value = { kind: "error", text: result.error.msg };
  };
  useEffect(() => {
    void load();
  }, [uid]);
  useEffect(() => {
    if (pending.value) setTimeout(() => confirmRef.current?.querySelector<HTMLElement>("input, button")?.focus(), 0);
  }, [pending.value?.action]);

  if (missing.value) return <Alert kind="error">No such user (deleted, or the address is wrong).</Alert>;
  const data = detail.value;
  if (!data) return <p class="muted">Loading…</p>;
  const user = data.user;
  const isSelf = user.email === state.user.value?.email;

  const run = async () => {
    const ask = pending.value;
    if (!ask) return;
    busy.value = true;
    const base = `/api/admin/users/${uid}`;
    let result: { ok: true; data: MessageResponse } | { ok: false; error: ApiError };
    if (ask.action === "lock")
      result = await actions.api.post<MessageResponse>(`${base}/lock`, { reason: reason.value });
    else if (ask.action === "unlock") result = await actions.api.post<MessageResponse>(`${base}/unlock`);
    else if (ask.action === "signout") result = await actions.api.post<MessageResponse>(`${base}/signout`);
    else if (ask.action === "role") {
      result = await actions.api.put<MessageResponse>(`${base}/role`, {
        role: user.role === "admin" ? "user" : "admin",
      });
    } else result = await actions.api.delete<MessageResponse>(base);
    busy.value = false;
    pending.value = null;
    if (!result.ok) {
      message.value = { kind: "error", text: result.error.msg };
      return;
    }
    message.value = { kind: "success", text: result.data.msg };
    if (ask.action === "delete") {
      navigate(state, "/admin");
      return;
    }
    await load();
  };
  const ask = (action: NonNullable<Pending>["action"], label: string) => {
    message.value = null;
    reason.value = "";
    pending.value = { action, label };
  };

  return (
    <div class="admin">
      <p>
        <a href="/admin">← All users</a>
      </p>
      {message.value && (
        <Alert kind={message.value.kind} onDismiss={() => (message.value = null)}>
          {message.value.text}
        </Alert>
      )}
      <Card title={user.username}>
        <dl class="admin-facts">
          <dt>E-mail</dt>
          <dd>
            {user.email} <Badges user={user} />
          </dd>
          <dt>Role</dt>
          <dd>{user.role === "admin" ? "Admin" : "User"}</dd>
          <dt>Signed up</dt>
          <dd>{day(user.created_at)}</dd>
          <dt>Last sign-in</dt>
          <dd>{day(user.last_sign_in_at)}</dd>
          <dt>Second factors</dt>
          <dd>
            {user.mfa.totp ? "Authenticator app" : "No authenticator app"}, {user.mfa.passkeys} passkey
            {user.mfa.passkeys === 1 ? "" : "s"}
          </dd>
        </dl>
        {isSelf ? (
          <p class="muted">This is your own account: another admin can lock it, change its role or delete it.</p>
        ) : pending.value ? (
          <fieldset class="confirm" ref={confirmRef}>
            <legend>
              {pending.value.label} “{user.username}” ({user.email})?
            </legend>
            {pending.value.action === "lock" && (
              <div class="field">
                <label for="lock-reason">Reason (kept in the audit log)</label>
                <input
                  id="lock-reason"
                  value={reason.value}
                  maxLength={500}
                  onInput={(event) => (reason.value = (event.currentTarget as HTMLInputElement).value)}
                />
              </div>
            )}
            <div class="security-actions">
              <Button
                type="button"
                kind={pending.value.action === "unlock" ? "primary" : "danger"}
                busy={busy.value}
                onClick={() => void run()}
              >
                {pending.value.label}
              </Button>
              <Button type="button" kind="ghost" onClick={() => (pending.value = null)}>
                Cancel
              </Button>
            </div>
          </fieldset>
        ) : (
          <div class="security-actions">
            {user.locked ? (
              <Button type="button" onClick={() => ask("unlock", "Unlock")}>
                Unlock
              </Button>
            ) : (
              <Button type="button" kind="danger" onClick={() => ask("lock", "Lock")}>
                Lock
              </Button>
            )}
            <Button type="button" kind="ghost" onClick={() => ask("signout", "Sign out everywhere")}>
              Sign out everywhere
            </Button>
            <Button
              type="button"
              kind="ghost"
              onClick={() => ask("role", user.role === "admin" ? "Remove the admin role of" : "Make an admin of")}
            >
              {user.role === "admin" ? "Remove admin role" : "Make admin"}
            </Button>
            <Button type="button" kind="danger" onClick={() => ask("delete", "Delete")}>
              Delete
            </Button>
          </div>
        )}
      </Card>
      <Card title="Sessions">
        {data.sessions.length === 0 ? (
          <p class="muted">Not signed in anywhere.</p>
        ) : (
          <ul class="admin-sessions">
            {data.sessions.map((session) => (
              <li key={session.id}>
                {session.kind === "token" ? "API token" : describeAgent(session.user_agent)} ·{" "}
                {session.ip ?? "unknown IP"} · since {day(session.created_at)}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Recent events">
        <EventsTable events={data.events} />
      </Card>
    </div>
  );
}
