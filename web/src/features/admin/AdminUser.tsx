import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { AdminUser, EventsResponse, UserDetailResponse } from "../../../../src/admin/model.ts";
import { EventsTable } from "../../components/EventsTable.tsx";
import { Alert, Button, Card, Field, Form } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { PARTS } from "../../features.ts";
import { useForm } from "../../form.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { PAGE_MESSAGES } from "../../page-messages.ts";
import { navigate } from "../../router.ts";
import { Badges, day } from "./Admin.tsx";
import { UserSessions } from "./AdminUserSessions.tsx";
import { type Action, useAdminActions } from "./actions.ts";
import { ADMIN_USER } from "./index.ts";
import { ADMIN_LABELS as L } from "./labels.ts";
import { ADMIN_TEXT as T } from "./messages.ts";

/**
 * What an admin is about to do, waiting for the confirmation: its button, and its question of the
 * account (named in it, `who`); `session`: the one to end.
 */
type Pending = { action: Action; label: string; question(who: string): string; session?: string } | null;
type Message = { kind: "success" | "error"; text: string } | null;
/** Asks to confirm an action: its button, its question, the session it ends. */
export type Ask = (action: Action, label: string, question: (who: string) => string, session?: string) => void;

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
  useTitle(detail.value ? T.userAdmin(detail.value.user.username) : L.adminUser);

  if (missing.value) return <Alert kind="error">{T.noSuchUser}</Alert>;
  const data = detail.value;
  if (!data) return <p class="muted">{APP_MESSAGES.loading}</p>;
  const user = data.user;
  const isSelf = user.email === state.user.value?.email;
  const ask: Ask = (action, label, question, session) => {
    message.value = null;
    pending.value = { action, label, question, session };
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
        <a href="/admin">{T.allUsers}</a>
      </p>
      {message.value && (
        <Alert kind={message.value.kind} onDismiss={() => (message.value = null)}>
          {message.value.text}
        </Alert>
      )}
      <Card title={user.username}>
        <UserFacts user={user} />
        {isSelf ? (
          <p class="muted">{T.ownAccount}</p>
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
      <Card title={T.events}>
        <EventsTable events={events.value.list} />
        {events.value.next && (
          <Button type="button" kind="ghost" onClick={() => void moreEvents()}>
            {T.moreEvents}
          </Button>
        )}
      </Card>
    </div>
  );
}

function UserFacts({ user }: { user: AdminUser }) {
  return (
    <dl class="admin-facts">
      <dt>{T.email}</dt>
      <dd>
        <span class="admin-address">{user.email}</span> <Badges user={user} />
      </dd>
      <dt>{T.role}</dt>
      <dd>{user.role === "admin" ? T.badgeAdmin : T.roleUser}</dd>
      <dt>{T.signedUp}</dt>
      <dd>{day(user.created_at)}</dd>
      <dt>{T.lastSignIn}</dt>
      <dd>{day(user.last_sign_in_at)}</dd>
      <dt>{T.secondFactors}</dt>
      <dd>
        {user.mfa.totp ? T.appWithCodes(user.mfa.recovery_codes) : T.noApp}, {T.passkeys(user.mfa.passkeys)}
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
        <legend>{pending.question(`“${user.username}” (${user.email})`)}</legend>
        {pending.action === "lock" && <Field label={T.reasonLabel} maxLength={500} {...form.field("reason")} />}
        {pending.action === "reset-two-factor" && (
          <label class="check">
            <input
              type="checkbox"
              checked={passkeysToo.value}
              onChange={(event) => (passkeysToo.value = event.currentTarget.checked)}
            />{" "}
            {T.passkeysToo}
          </label>
        )}
        <div class="button-row">
          <Button kind={GENTLE.has(pending.action) ? "primary" : "danger"} busy={form.busy.value}>
            {pending.label}
          </Button>
          <Button type="button" kind="ghost" onClick={props.onCancel}>
            {PAGE_MESSAGES.cancel}
          </Button>
        </div>
      </fieldset>
    </Form>
  );
}

function UserActions({ user, ask }: { user: AdminUser; ask: Ask }) {
  return (
    <>
      <div class="button-row">
        {user.locked ? (
          <Button type="button" onClick={() => ask("unlock", T.unlock, T.unlockQuestion)}>
            {T.unlock}
          </Button>
        ) : (
          <Button type="button" kind="danger" onClick={() => ask("lock", T.lock, T.lockQuestion)}>
            {T.lock}
          </Button>
        )}
        <Button type="button" kind="ghost" onClick={() => ask("signout", T.signOutEverywhere, T.signOutQuestion)}>
          {T.signOutEverywhere}
        </Button>
        <Button
          type="button"
          kind="ghost"
          onClick={() =>
            user.role === "admin"
              ? ask("role", T.removeAdminRole, T.removeAdminQuestion)
              : ask("role", T.makeAdmin, T.makeAdminQuestion)
          }
        >
          {user.role === "admin" ? T.removeAdminRole : T.makeAdmin}
        </Button>
        <Button type="button" kind="danger" onClick={() => ask("delete", T.delete, T.deleteQuestion)}>
          {T.delete}
        </Button>
      </div>
      <h3 class="admin-subhead">{T.helpDesk}</h3>
      <div class="button-row">
        {(user.mfa.totp || user.mfa.passkeys > 0) && (
          <Button
            type="button"
            kind="danger"
            onClick={() => ask("reset-two-factor", T.resetTwoFactor, T.resetTwoFactorQuestion)}
          >
            {T.resetTwoFactor}
          </Button>
        )}
        <Button type="button" kind="ghost" onClick={() => ask("send-reset", T.sendResetLink, T.sendResetQuestion)}>
          {T.sendResetLink}
        </Button>
        {!user.email_verified && (
          <>
            <Button
              type="button"
              kind="ghost"
              onClick={() => ask("send-confirmation", T.sendConfirmation, T.sendConfirmationQuestion)}
            >
              {T.sendConfirmation}
            </Button>
            <Button
              type="button"
              kind="ghost"
              onClick={() => ask("confirm-email", T.markConfirmed, T.markConfirmedQuestion)}
            >
              {T.markConfirmed}
            </Button>
          </>
        )}
      </div>
    </>
  );
}
