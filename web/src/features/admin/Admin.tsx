import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { AdminUser, UsersResponse } from "../../../../src/admin/model.ts";
import { ScrollTable } from "../../components/ScrollTable.tsx";
import { Alert, Button, Card } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { navigate } from "../../router.ts";

const SEARCH_DEBOUNCE_MS = 250;
export const day = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString([], { dateStyle: "medium" }) : "never";

export function Badges({ user }: { user: AdminUser }) {
  return (
    <span class="badges">
      {user.role === "admin" && <span class="badge badge-admin">Admin</span>}
      {user.locked && <span class="badge badge-locked">Locked</span>}
      {!user.email_verified && <span class="badge badge-unverified">Unverified</span>}
    </span>
  );
}

/** A page of users at a time, for the search typed (after a pause) and the order chosen. */
function useUserPages() {
  const { actions } = useApp();
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

  return { q, order, page, trail, error, busy, next, reorder, previous };
}

/**
 * The users: search as you type (by the start of the name or the address), by sign-up date (newest
 * or oldest first), page by page.
 */
export function AdminUsers() {
  useTitle("Admin");
  const { q, order, page, trail, error, busy, next, reorder, previous } = useUserPages();
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
            <UsersTable users={page.value.users} order={order.value} busy={busy.value} />
            {page.value.users.length === 0 && <p class="muted">No user matches.</p>}
          </>
        )}
        <div class="button-row admin-pager">
          <Button type="button" kind="ghost" onClick={previous} disabled={busy.value || trail.value.length === 0}>
            Previous page
          </Button>
          <Button type="button" kind="ghost" onClick={next} disabled={busy.value || !page.value?.next_cursor}>
            Next page
          </Button>
          {page.value && (
            <span class="muted">
              {page.value.total.exact ? "" : "about "}
              {page.value.total.count.toLocaleString()} user{page.value.total.count === 1 ? "" : "s"} in all
            </span>
          )}
        </div>
      </Card>
    </div>
  );
}

function UsersTable({ users, order, busy }: { users: AdminUser[]; order: "newest" | "oldest"; busy: boolean }) {
  const { state } = useApp();
  return (
    <ScrollTable label="Users" busy={busy}>
      <caption class="sr-only">Users, {order} sign-ups first</caption>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Role and state</th>
          <th scope="col" aria-sort={order === "newest" ? "descending" : "ascending"}>
            Signed up
          </th>
          <th scope="col">Last sign-in</th>
          <th scope="col">Sessions</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
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
  );
}
