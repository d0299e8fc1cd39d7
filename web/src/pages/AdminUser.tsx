import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { EventsResponse, UserDetailResponse } from "../../../src/admin/model.ts";
import type { MessageResponse } from "../../../src/http/schemas.ts";
import { describeAgent } from "../../../src/http/user-agent.ts";
import type { ApiError } from "../api.ts";
import { EventsTable, METHOD_LABELS } from "../components/EventsTable.tsx";
import { Alert, Button, Card } from "../components/ui.tsx";
import { useApp, useTitle } from "../context.ts";
import { ADMIN_USER, navigate } from "../router.ts";
import { Badges, day } from "./Admin.tsx";
import "./Admin.css";

type Action =
  | "lock"
  | "unlock"
  | "signout"
  | "role"
  | "delete"
  | "reset-two-factor"
  | "send-reset"
  | "send-confirmation"
  | "confirm-email"
  | "end-session";

/** What an admin is about to do, waiting for the confirmation (`session`: the one to end). */
type Pending = { action: Action; label: string; session?: string } | null;

/** Each action: its method and path below /api/admin/users/{uid}. */
const ROUTES: Record<Action, [method: "post" | "put" | "delete", path: string]> = {
  lock: ["post", "/lock"],
  unlock: ["post", "/unlock"],
  signout: ["post", "/signout"],
  role: ["put", "/role"],
  delete: ["delete", ""],
  "reset-two-factor": ["post", "/reset-two-factor"],
  "send-reset": ["post", "/send-reset"],
  "send-confirmation": ["post", "/send-confirmation"],
  "confirm-email": ["post", "/confirm-email"],
  "end-session": ["delete", "/sessions/"],
};

/** Kept as they are: unlocking, mailing a link. Every other action is shown as destructive. */
const GENTLE = new Set<Action>(["unlock", "send-reset", "send-confirmation", "confirm-email"]);

/**
 * One user: who, sessions (each can be signed out), events (a page at a time), the actions, each
 * confirmed by the account's name, and the help desk: reset two-factor, a reset link, the
 * confirmation again or the address marked confirmed.
 */
export function AdminUserPage() {
  const { actions, state } = useApp();
  const uid = ADMIN_USER.exec(state.pathname.value)?.[1] ?? "";
  const detail = useSignal<UserDetailResponse | null>(null);
  const events = useSignal<{ list: UserDetailResponse["events"]; next: string | null }>({ list: [], next: null });
  const missing = useSignal(false);
  const pending = useSignal<Pending>(null);
  const reason = useSignal("");
  const passkeysToo = useSignal(false);
  const message = useSignal<{ kind: "success" | "error"; text: string } | null>(null);
  const busy = useSignal(false);
  const confirmRef = useRef<HTMLFieldSetElement>(null);
  useTitle(detail.value ? `${detail.value.user.username} · Admin` : "Admin · user");

  const load = async () => {
    const result = await actions.api.get<UserDetailResponse>(`/api/admin/users/${uid}`);
    if (result.ok) {
      detail.value = result.data;
      events.value = { list: result.data.events, next: result.data.events_next_cursor };
    } else if (result.error.status === 404) missing.value = true;
    else message.value = { kind: "error", text: result.error.msg };
  };
  const moreEvents = async () => {
    const result = await actions.api.get<EventsResponse>(`/api/admin/users/${uid}/events?cursor=${events.value.next}`);
    if (result.ok)
      events.value = { list: [...events.value.list, ...result.data.events], next: result.data.next_cursor };
    else message.value = { kind: "error", text: result.error.msg };
  };
  useEffect(() => {
    void load();
  }, [uid]);
  useEffect(() => {
    if (pending.value) setTimeout(() => confirmRef.current?.querySelector<HTMLElement>("input, button")?.focus(), 0);
  }, [pending.value?.action, pending.value?.session]);

  if (missing.value) return <Alert kind="error">No such user (deleted, or the address is wrong).</Alert>;
  const data = detail.value;
  if (!data) return <p class="muted">Loading…</p>;
  const user = data.user;
  const isSelf = user.email === state.user.value?.email;

  const run = async () => {
    const ask = pending.value;
    if (!ask) return;
    busy.value = true;
    const [method, path] = ROUTES[ask.action];
    const url = `/api/admin/users/${uid}${path}${ask.session ?? ""}`;
    const body =
      ask.action === "lock"
        ? { reason: reason.value }
        : ask.action === "role"
          ? { role: user.role === "admin" ? "user" : "admin" }
          : ask.action === "reset-two-factor"
            ? { passkeys: passkeysToo.value }
            : undefined;
    const result: { ok: true; data: MessageResponse } | { ok: false; error: ApiError } =
      method === "put"
        ? await actions.api.put<MessageResponse>(url, body)
        : method === "delete"
          ? await actions.api.delete<MessageResponse>(url)
          : await actions.api.post<MessageResponse>(url, body);
    busy.value = false;
    pending.value = null;
    message.value = result.ok ? { kind: "success", text: result.data.msg } : { kind: "error", text: result.error.msg };
    if (result.ok && ask.action === "delete") navigate(state, "/admin");
    else if (result.ok) await load();
  };
  const ask = (action: Action, label: string, session?: string) => {
    message.value = null;
    reason.value = "";
    passkeysToo.value = false;
    pending.value = { action, label, session };
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
            <span class="admin-address">{user.email}</span> <Badges user={user} />
          </dd>
          <dt>Role</dt>
          <dd>{user.role === "admin" ? "Admin" : "User"}</dd>
          <dt>Signed up</dt>
          <dd>{day(user.created_at)}</dd>
          <dt>Last sign-in</dt>
          <dd>{day(user.last_sign_in_at)}</dd>
          <dt>Second factors</dt>
          <dd>
            {user.mfa.totp
              ? `Authenticator app (${user.mfa.recovery_codes} recovery codes left)`
              : "No authenticator app"}
            , {user.mfa.passkeys} passkey{user.mfa.passkeys === 1 ? "" : "s"}
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
            {pending.value.action === "reset-two-factor" && (
              <label class="check">
                <input
                  type="checkbox"
                  checked={passkeysToo.value}
                  onChange={(event) => (passkeysToo.value = event.currentTarget.checked)}
                />{" "}
                Remove the passkeys too
              </label>
            )}
            <div class="security-actions">
              <Button
                type="button"
                kind={GENTLE.has(pending.value.action) ? "primary" : "danger"}
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
          <>
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
            <h3 class="admin-subhead">Help desk</h3>
            <div class="security-actions">
              {(user.mfa.totp || user.mfa.passkeys > 0) && (
                <Button type="button" kind="danger" onClick={() => ask("reset-two-factor", "Reset two-factor of")}>
                  Reset two-factor
                </Button>
              )}
              <Button type="button" kind="ghost" onClick={() => ask("send-reset", "Mail a password reset link to")}>
                Send a reset link
              </Button>
              {!user.email_verified && (
                <>
                  <Button
                    type="button"
                    kind="ghost"
                    onClick={() => ask("send-confirmation", "Mail a new confirmation link to")}
                  >
                    Send the confirmation again
                  </Button>
                  <Button
                    type="button"
                    kind="ghost"
                    onClick={() => ask("confirm-email", "Mark the address confirmed for")}
                  >
                    Mark the address confirmed
                  </Button>
                </>
              )}
            </div>
          </>
        )}
      </Card>
      <Card title="Sessions">
        {data.sessions.length === 0 ? (
          <p class="muted">Not signed in anywhere.</p>
        ) : (
          <ul class="admin-sessions">
            {data.sessions.map((session) => {
              const device = session.kind === "token" ? "API token" : describeAgent(session.user_agent);
              return (
                <li key={session.id}>
                  <span>
                    {device} · {session.ip ?? "unknown IP"} · since {day(session.created_at)}
                    {session.method && ` · ${METHOD_LABELS[session.method] ?? session.method}`}
                  </span>
                  {!isSelf && (
                    <Button
                      type="button"
                      kind="ghost"
                      onClick={() =>
                        ask("end-session", `Sign out ${device} (since ${day(session.created_at)}) of`, session.id)
                      }
                    >
                      Sign out<span class="sr-only"> {device}</span>
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Card>
      <Card title="Events">
        <EventsTable events={events.value.list} />
        {events.value.next && (
          <Button type="button" kind="ghost" onClick={() => void moreEvents()}>
            More events
          </Button>
        )}
      </Card>
    </div>
  );
}
