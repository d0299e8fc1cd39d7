import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { AdminUser, EventsResponse, UserDetailResponse } from "../../../../src/admin/model.ts";
import { EventsTable } from "../../components/EventsTable.tsx";
import { Alert, Button, Card, Field, Form } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { PARTS } from "../../features.ts";
import { useForm } from "../../form.ts";
import { navigate } from "../../router.ts";
import { Badges, day } from "./Admin.tsx";
import { UserSessions } from "./AdminUserSessions.tsx";
import { type Action, useAdminActions } from "./actions.ts";
import { ADMIN_USER } from "./index.ts";

/** What an admin is about to do, waiting for the confirmation (`session`: the one to end). */
type Pending = { action: Action; label: string; session?: string } | null;
type Message = { kind: "success" | "error"; text: string } | null;

/** Kept as they are: unlocking, mailing a link. Every other action is shown as destructive. */
const GENTLE = new Set<Action>(["unlock", "send-reset", "send-confirmation", "confirm-email"]);

/** The user's page as the API has it, with its events a page at a time. */
function useUserDetail(uid: string, message: Signal<Message>) {
  const { actions } = useApp();
  const detail = useSignal<UserDetailResponse | null>(null);
  const events = useSignal<{ list: UserDetailResponse["events"]; next: string | null }>({ list: [], next: null });
  const missing = useSignal(false);
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
    if (result.ok) {
      events.value = { list: [...events.value.list, ...result.data.events], next: result.data.next_cursor };
    } else message.value = { kind: "error", text: result.error.msg };
  };
  useEffect(() => {
    void load();
  }, [uid]);
  return { detail, events, missing, load, moreEvents };
}

/**
 * One user: who, sessions (each can be signed out), events (a page at a time), the actions, each
 * confirmed by the account's name, and the help desk: reset two-factor, a reset link, the
 * confirmation again or the address marked confirmed.
 */
export function AdminUserPage() {
  const { state } = useApp();
  const uid = ADMIN_USER.exec(state.pathname.value)?.[1] ?? "";
  const message = useSignal<Message>(null);
  const pending = useSignal<Pending>(null);
  const { detail, events, missing, load, moreEvents } = useUserDetail(uid, message);
  useTitle(detail.value ? `${detail.value.user.username} · Admin` : "Admin · user");

  if (missing.value) return <Alert kind="error">No such user (deleted, or the address is wrong).</Alert>;
  const data = detail.value;
  if (!data) return <p class="muted">Loading…</p>;
  const user = data.user;
  const isSelf = user.email === state.user.value?.email;
  const ask = (action: Action, label: string, session?: string) => {
    message.value = null;
    pending.value = { action, label, session };
  };
  const done = async (action: Action, text: string) => {
    pending.value = null;
    message.value = { kind: "success", text };
    if (action === "delete") navigate(state, "/admin");
    else await load();
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
        <UserFacts user={user} />
        {isSelf ? (
          <p class="muted">This is your own account: another admin can lock it, change its role or delete it.</p>
        ) : pending.value ? (
          <ConfirmStep
            uid={uid}
            user={user}
            pending={pending.value}
            onCancel={() => (pending.value = null)}
            onDone={done}
          />
        ) : (
          <UserActions user={user} ask={ask} />
        )}
      </Card>
      <UserSessions sessions={data.sessions} isSelf={isSelf} ask={ask} />
      {PARTS.adminUser.map((Part, i) => (
        <Part key={i} user={user} onChange={() => void load()} />
      ))}
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

function UserFacts({ user }: { user: AdminUser }) {
  return (
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
        {user.mfa.totp ? `Authenticator app (${user.mfa.recovery_codes} recovery codes left)` : "No authenticator app"},{" "}
        {user.mfa.passkeys} passkey{user.mfa.passkeys === 1 ? "" : "s"}
      </dd>
    </dl>
  );
}

/**
 * The question before an action, as a form: the account's name and address in its legend, a reason
 * for a lock (the server's field errors at the field), passkeys too for a two-factor reset.
 */
function ConfirmStep(props: {
  uid: string;
  user: AdminUser;
  pending: NonNullable<Pending>;
  onCancel(): void;
  onDone(action: Action, text: string): Promise<void>;
}) {
  const { uid, user, pending } = props;
  const admin = useAdminActions();
  const passkeysToo = useSignal(false);
  const ref = useRef<HTMLFieldSetElement>(null);
  const form = useForm({
    initial: { reason: "" },
    async send({ reason }) {
      const body =
        pending.action === "lock"
          ? { reason }
          : pending.action === "role"
            ? { role: user.role === "admin" ? "user" : "admin" }
            : pending.action === "reset-two-factor"
              ? { passkeys: passkeysToo.value }
              : undefined;
      const result = await admin.act(uid, pending.action, body, pending.session);
      if (!result.ok) return result.error;
      await props.onDone(pending.action, result.data.msg);
      return null;
    },
  });
  useEffect(() => {
    setTimeout(() => ref.current?.querySelector<HTMLElement>("input, button")?.focus(), 0);
  }, [pending.action, pending.session]);

  return (
    <Form form={form}>
      <fieldset class="confirm" ref={ref}>
        <legend>
          {pending.label} “{user.username}” ({user.email})?
        </legend>
        {pending.action === "lock" && (
          <Field label="Reason (kept in the audit log)" maxLength={500} {...form.field("reason")} />
        )}
        {pending.action === "reset-two-factor" && (
          <label class="check">
            <input
              type="checkbox"
              checked={passkeysToo.value}
              onChange={(event) => (passkeysToo.value = event.currentTarget.checked)}
            />{" "}
            Remove the passkeys too
          </label>
        )}
        <div class="button-row">
          <Button kind={GENTLE.has(pending.action) ? "primary" : "danger"} busy={form.busy.value}>
            {pending.label}
          </Button>
          <Button type="button" kind="ghost" onClick={props.onCancel}>
            Cancel
          </Button>
        </div>
      </fieldset>
    </Form>
  );
}

function UserActions({ user, ask }: { user: AdminUser; ask(action: Action, label: string): void }) {
  return (
    <>
      <div class="button-row">
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
      <div class="button-row">
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
            <Button type="button" kind="ghost" onClick={() => ask("confirm-email", "Mark the address confirmed for")}>
              Mark the address confirmed
            </Button>
          </>
        )}
      </div>
    </>
  );
}
