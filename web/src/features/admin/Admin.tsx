import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { AdminUser, UsersResponse } from "../../../../src/admin/model.ts";
import { ScrollTable } from "../../components/ScrollTable.tsx";
import { Alert, Button, Card } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { navigate } from "../../router.ts";
import { locale } from "../../time.ts";
import { ADMIN_LABELS as L } from "./labels.ts";
import { ADMIN_TEXT as T } from "./messages.ts";

const SEARCH_DEBOUNCE_MS = 250;
export const day = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString(locale(), { dateStyle: "medium" }) : T.never;

export function Badges({ user }: { user: AdminUser }) {
  return (
    <span class="badges">
      {user.role === "admin" && <span class="badge badge-admin">{T.badgeAdmin}</span>}
      {user.locked && <span class="badge badge-locked">{T.badgeLocked}</span>}
      {!user.email_verified && <span class="badge badge-unverified">{T.badgeUnverified}</span>}
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
    actions.announce(T.usersShown(result.data.users.length));
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
      actions.announce((order.value === "newest" ? T.sortedNewest : T.sortedOldest)(page.value?.users.length ?? 0)),
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
  useTitle(L.admin);
  const { q, order, page, trail, error, busy, next, reorder, previous } = useUserPages();
  return (
    <div class="admin">
      <Card title={T.users}>
        <div class="admin-toolbar">
          <label for="admin-search">{T.search}</label>
          <input
            id="admin-search"
            type="search"
            value={q.value}
            placeholder={T.searchPlaceholder}
            autocomplete="off"
            onInput={(event) => (q.value = (event.currentTarget as HTMLInputElement).value)}
          />
          <label for="admin-order">{T.order}</label>
          <select
            id="admin-order"
            value={order.value}
            onChange={(event) => reorder((event.currentTarget as HTMLSelectElement).value)}
          >
            <option value="newest">{T.newestFirst}</option>
            <option value="oldest">{T.oldestFirst}</option>
          </select>
          <a href="/admin/audit">{L.auditLog}</a>
        </div>
        {error.value && <Alert kind="error">{error.value}</Alert>}
        {page.value && (
          <>
            <UsersTable users={page.value.users} order={order.value} busy={busy.value} />
            {page.value.users.length === 0 && <p class="muted">{T.noUserMatches}</p>}
          </>
        )}
        <div class="button-row admin-pager">
          <Button type="button" kind="ghost" onClick={previous} disabled={busy.value || trail.value.length === 0}>
            {T.previousPage}
          </Button>
          <Button type="button" kind="ghost" onClick={next} disabled={busy.value || !page.value?.next_cursor}>
            {T.nextPage}
          </Button>
          {page.value && (
            <span class="muted">
              {(page.value.total.exact ? T.usersInAll : T.aboutUsersInAll)(page.value.total.count)}
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
    <ScrollTable label={T.users} busy={busy}>
      <caption class="sr-only">{order === "newest" ? T.usersNewestCaption : T.usersOldestCaption}</caption>
      <thead>
        <tr>
          <th scope="col">{L.user}</th>
          <th scope="col">{T.roleAndState}</th>
          <th scope="col" aria-sort={order === "newest" ? "descending" : "ascending"}>
            {T.signedUp}
          </th>
          <th scope="col">{T.lastSignIn}</th>
          <th scope="col">{T.sessions}</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.uid}>
            <td data-label={L.user}>
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
            <td data-label={T.roleAndState}>
              <Badges user={user} />
            </td>
            <td data-label={T.signedUp}>{day(user.created_at)}</td>
            <td data-label={T.lastSignIn}>{day(user.last_sign_in_at)}</td>
            <td data-label={T.sessions}>{user.sessions}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
