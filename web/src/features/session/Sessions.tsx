import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { MessageResponse } from "../../../../src/http/schemas.ts";
import { deviceName, parseAgent } from "../../../../src/http/user-agent.ts";
import type { RememberedDevice, RememberedDevicesResponse } from "../../../../src/two-factor/model.ts";
import { methodLabel } from "../../components/EventsTable.tsx";
import { ComputerIcon, KeyIcon, PhoneIcon, TabletIcon } from "../../components/icons.tsx";
import { Alert, Button, Card } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { PAGE_MESSAGES } from "../../page-messages.ts";
import type { SessionInfo } from "../../state.ts";
import { exactTime } from "../../time.ts";
import { useSessionActions } from "./actions.ts";
import { SESSION_LABELS as L } from "./labels.ts";
import { SESSION_TEXT as T } from "./messages.ts";

const DEVICE_KINDS = { phone: () => T.phone, tablet: () => T.tablet, computer: () => T.computer, "": () => T.device };

/** "Chrome on Linux", the kind of device, and its icon; a bearer token is named as one. */
function describeSession(session: Pick<SessionInfo, "kind" | "user_agent">) {
  const agent = parseAgent(session.user_agent);
  const name = deviceName(session.user_agent);
  if (session.kind === "token") return { name: T.apiTokenOf(name), device: T.apiToken, Icon: KeyIcon };
  const Icon = agent.device === "phone" ? PhoneIcon : agent.device === "tablet" ? TabletIcon : ComputerIcon;
  return { name, device: DEVICE_KINDS[agent.device](), Icon };
}

/** Moves the focus into `ref` (its first button) when `when` turns true: a confirmation takes the focus. */
function useFocusOn(when: boolean, ref: { current: HTMLElement | null }) {
  useEffect(() => {
    if (when) ref.current?.querySelector("button")?.focus();
  }, [when]);
}

function SessionRow({ session }: { session: SessionInfo }) {
  const sessionActions = useSessionActions();
  const confirming = useSignal(false);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const confirmRef = useRef<HTMLFieldSetElement>(null);
  const askRef = useRef<HTMLDivElement>(null);
  const { name, device, Icon } = describeSession(session);
  useFocusOn(confirming.value, confirmRef);

  const cancel = () => {
    confirming.value = false;
    setTimeout(() => askRef.current?.querySelector("button")?.focus(), 0);
  };
  const confirm = async () => {
    busy.value = true;
    error.value = null;
    const failed = await sessionActions.endSession(session.id);
    busy.value = false;
    if (failed) error.value = failed.msg;
    else confirming.value = false;
  };

  return (
    <li class={`session ${session.current ? "session-current" : ""}`} aria-labelledby={`session-${session.id}`}>
      <span class="session-icon" aria-hidden="true">
        <Icon size={22} />
      </span>
      <div class="session-main">
        <h3 id={`session-${session.id}`} class="session-name">
          {name}
          {session.current && <span class="badge badge-current">{T.thisDevice}</span>}
        </h3>
        <dl class="session-facts">
          <div>
            <dt>{T.device}</dt>
            <dd>{device}</dd>
          </div>
          <div>
            <dt>{T.signedInWith}</dt>
            <dd>{session.method ? methodLabel(session.method) : T.unknown}</dd>
          </div>
          <div>
            <dt>{T.ipAddress}</dt>
            <dd class="mono">{session.ip ?? T.unknown}</dd>
          </div>
          <div>
            <dt>{T.signedIn}</dt>
            <dd>
              <time dateTime={session.created_at}>{exactTime(session.created_at)}</time>
            </dd>
          </div>
          <div>
            <dt>{T.lastActive}</dt>
            <dd>
              {session.current ? T.now : <time dateTime={session.last_seen_at}>{exactTime(session.last_seen_at)}</time>}
            </dd>
          </div>
        </dl>
        {error.value && <Alert kind="error">{error.value}</Alert>}
      </div>
      <div class="session-action">
        {confirming.value ? (
          <fieldset ref={confirmRef} class="confirm">
            <legend>{session.current ? T.signOutThisDevice : T.signOutNamed(name)}</legend>
            <div class="actions">
              <Button kind="danger" type="button" busy={busy.value} onClick={() => void confirm()}>
                {T.signOut}
              </Button>
              <Button kind="ghost" type="button" onClick={cancel}>
                {PAGE_MESSAGES.cancel}
              </Button>
            </div>
          </fieldset>
        ) : (
          <div ref={askRef}>
            <Button kind="ghost" type="button" onClick={() => (confirming.value = true)}>
              {session.current ? T.signOutThisDeviceStart : T.signOutStart}
            </Button>
          </div>
        )}
      </div>
    </li>
  );
}

function SignOutOthers({ others }: { others: number }) {
  const sessionActions = useSessionActions();
  const confirming = useSignal(false);
  const busy = useSignal(false);
  const message = useSignal<{ kind: "error" | "success"; text: string } | null>(null);
  const confirmRef = useRef<HTMLFieldSetElement>(null);
  useFocusOn(confirming.value, confirmRef);

  const confirm = async () => {
    busy.value = true;
    const result = await sessionActions.endOtherSessions();
    busy.value = false;
    confirming.value = false;
    // The server's own sentence either way ("Signed out 2 other devices.", or what went wrong).
    message.value = { kind: "status" in result ? "error" : "success", text: result.msg };
  };

  return (
    <div class="sign-out-others">
      {message.value && <Alert kind={message.value.kind}>{message.value.text}</Alert>}
      {confirming.value ? (
        <fieldset ref={confirmRef} class="confirm">
          <legend>{T.signOutOthers(others)}</legend>
          <div class="actions">
            <Button kind="danger" type="button" busy={busy.value} onClick={() => void confirm()}>
              {T.signOutAllOthers}
            </Button>
            <Button kind="ghost" type="button" onClick={() => (confirming.value = false)}>
              {PAGE_MESSAGES.cancel}
            </Button>
          </div>
        </fieldset>
      ) : (
        others > 0 && (
          <Button kind="danger" type="button" onClick={() => (confirming.value = true)}>
            {T.signOutAllOthersStart}
          </Button>
        )
      )}
    </div>
  );
}

/**
 * The browsers remembered at the code step: each skips the app's code (never the password) for 30
 * days from when it was remembered, until it is forgotten here.
 */
function RememberedDevices() {
  const { actions } = useApp();
  const devices = useSignal<RememberedDevice[] | null>(null);
  const message = useSignal<{ kind: "error" | "success"; text: string } | null>(null);
  const load = async () => {
    const result = await actions.api.get<RememberedDevicesResponse>("/api/users/remembered-devices");
    devices.value = result.ok ? result.data.devices : [];
  };
  useEffect(() => {
    void load();
  }, []);
  const forget = async (device: RememberedDevice) => {
    const result = await actions.api.delete<MessageResponse>(`/api/users/remembered-devices/${device.id}`);
    message.value = result.ok ? { kind: "success", text: result.data.msg } : { kind: "error", text: result.error.msg };
    await load();
  };
  if (!devices.value?.length && !message.value) return null;
  return (
    <Card title={T.skipTheCode} class="span-12">
      <p class="muted">{T.rememberedWhen}</p>
      {message.value && <Alert kind={message.value.kind}>{message.value.text}</Alert>}
      <ul class="sessions" aria-label={T.rememberedDevices}>
        {(devices.value ?? []).map((device) => {
          const { name, Icon } = describeSession({ kind: "browser", user_agent: device.user_agent });
          return (
            <li key={device.id} class="session" aria-labelledby={`device-${device.id}`}>
              <span class="session-icon" aria-hidden="true">
                <Icon size={22} />
              </span>
              <div class="session-main">
                <h3 id={`device-${device.id}`} class="session-name">
                  {name}
                </h3>
                <dl class="session-facts">
                  <div>
                    <dt>{T.ipAddress}</dt>
                    <dd class="mono">{device.ip ?? T.unknown}</dd>
                  </div>
                  <div>
                    <dt>{T.remembered}</dt>
                    <dd>
                      <time dateTime={device.created_at}>{exactTime(device.created_at)}</time>
                    </dd>
                  </div>
                  <div>
                    <dt>{T.until}</dt>
                    <dd>
                      <time dateTime={device.expires_at}>{exactTime(device.expires_at)}</time>
                    </dd>
                  </div>
                  <div>
                    <dt>{T.lastUsed}</dt>
                    <dd>
                      {device.last_used_at ? (
                        <time dateTime={device.last_used_at}>{exactTime(device.last_used_at)}</time>
                      ) : (
                        T.notYet
                      )}
                    </dd>
                  </div>
                </dl>
              </div>
              <div class="session-action">
                <Button kind="ghost" type="button" onClick={() => void forget(device)}>
                  {T.forget}
                  <span class="sr-only"> {name}</span>
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

export function Sessions() {
  useTitle(L.sessions);
  const { state } = useApp();
  const sessionActions = useSessionActions();
  useEffect(() => {
    void sessionActions.loadSessions();
  }, []);
  // This device first, then the others as the server lists them (newest first).
  const listed = state.sessions.value;
  const sessions = listed && [...listed].sort((a, b) => Number(b.current) - Number(a.current));
  const others = sessions?.filter((s) => !s.current).length ?? 0;

  return (
    <div class="grid">
      <Card title={T.whereSignedIn} class="span-12">
        <p class="muted">{T.everyBrowser}</p>
        {sessions === null ? (
          <p role="status" class="muted">
            {T.loadingSessions}
          </p>
        ) : (
          <>
            <SignOutOthers others={others} />
            <ul class="sessions" aria-label={T.signedInSessions}>
              {sessions.map((session) => (
                <SessionRow key={session.id} session={session} />
              ))}
            </ul>
          </>
        )}
      </Card>
      <RememberedDevices />
    </div>
  );
}
