import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { MessageResponse } from "../../../../src/http/schemas.ts";
import { parseAgent } from "../../../../src/http/user-agent.ts";
import type { RememberedDevice, RememberedDevicesResponse } from "../../../../src/two-factor/model.ts";
import { methodLabel } from "../../components/EventsTable.tsx";
import { ComputerIcon, KeyIcon, PhoneIcon, TabletIcon } from "../../components/icons.tsx";
import { Alert, Button, Card } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import type { SessionInfo } from "../../state.ts";
import { exactTime } from "../../time.ts";
import { useSessionActions } from "./actions.ts";

const DEVICE_NAMES = { phone: "Phone", tablet: "Tablet", computer: "Computer", "": "Device" } as const;

/** "Chrome on Linux", the kind of device, and its icon; a bearer token is named as one. */
function describeSession(session: Pick<SessionInfo, "kind" | "user_agent">) {
  const agent = parseAgent(session.user_agent);
  const name = agent.os ? `${agent.browser} on ${agent.os}` : agent.browser;
  if (session.kind === "token") return { name: `API token (${name})`, device: "API token", Icon: KeyIcon };
  const Icon = agent.device === "phone" ? PhoneIcon : agent.device === "tablet" ? TabletIcon : ComputerIcon;
  return { name, device: DEVICE_NAMES[agent.device], Icon };
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
          {session.current && <span class="badge badge-current">This device</span>}
        </h3>
        <dl class="session-facts">
          <div>
            <dt>Device</dt>
            <dd>{device}</dd>
          </div>
          <div>
            <dt>Signed in with</dt>
            <dd>{session.method ? methodLabel(session.method) : "unknown"}</dd>
          </div>
          <div>
            <dt>IP address</dt>
            <dd class="mono">{session.ip ?? "unknown"}</dd>
          </div>
          <div>
            <dt>Signed in</dt>
            <dd>
              <time dateTime={session.created_at}>{exactTime(session.created_at)}</time>
            </dd>
          </div>
          <div>
            <dt>Last active</dt>
            <dd>
              {session.current ? "now" : <time dateTime={session.last_seen_at}>{exactTime(session.last_seen_at)}</time>}
            </dd>
          </div>
        </dl>
        {error.value && <Alert kind="error">{error.value}</Alert>}
      </div>
      <div class="session-action">
        {confirming.value ? (
          <fieldset ref={confirmRef} class="confirm">
            <legend>{session.current ? "Sign out of this device?" : `Sign out ${name}?`}</legend>
            <div class="actions">
              <Button kind="danger" type="button" busy={busy.value} onClick={() => void confirm()}>
                Sign out
              </Button>
              <Button kind="ghost" type="button" onClick={cancel}>
                Cancel
              </Button>
            </div>
          </fieldset>
        ) : (
          <div ref={askRef}>
            <Button kind="ghost" type="button" onClick={() => (confirming.value = true)}>
              {session.current ? "Sign out of this device…" : "Sign out…"}
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
          <legend>
            Sign out {others} other device{others === 1 ? "" : "s"}? This device stays signed in.
          </legend>
          <div class="actions">
            <Button kind="danger" type="button" busy={busy.value} onClick={() => void confirm()}>
              Sign out all other devices
            </Button>
            <Button kind="ghost" type="button" onClick={() => (confirming.value = false)}>
              Cancel
            </Button>
          </div>
        </fieldset>
      ) : (
        others > 0 && (
          <Button kind="danger" type="button" onClick={() => (confirming.value = true)}>
            Sign out all other devices…
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
    <Card title="Devices that skip the code" class="span-12">
      <p class="muted">
        Remembered when you ticked "Remember this device" at the code step: they still need your password.
      </p>
      {message.value && <Alert kind={message.value.kind}>{message.value.text}</Alert>}
      <ul class="sessions" aria-label="Remembered devices">
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
                    <dt>IP address</dt>
                    <dd class="mono">{device.ip ?? "unknown"}</dd>
                  </div>
                  <div>
                    <dt>Remembered</dt>
                    <dd>
                      <time dateTime={device.created_at}>{exactTime(device.created_at)}</time>
                    </dd>
                  </div>
                  <div>
                    <dt>Until</dt>
                    <dd>
                      <time dateTime={device.expires_at}>{exactTime(device.expires_at)}</time>
                    </dd>
                  </div>
                  <div>
                    <dt>Last used</dt>
                    <dd>
                      {device.last_used_at ? (
                        <time dateTime={device.last_used_at}>{exactTime(device.last_used_at)}</time>
                      ) : (
                        "not yet"
                      )}
                    </dd>
                  </div>
                </dl>
              </div>
              <div class="session-action">
                <Button kind="ghost" type="button" onClick={() => void forget(device)}>
                  Forget<span class="sr-only"> {name}</span>
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
  useTitle("Sessions");
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
      <Card title="Where you are signed in" class="span-12">
        <p class="muted">
          Every browser and API token signed in to your account. Sign out any you do not recognise, and change your
          password if you think someone else signed in.
        </p>
        {sessions === null ? (
          <p role="status" class="muted">
            Loading sessions…
          </p>
        ) : (
          <>
            <SignOutOthers others={others} />
            <ul class="sessions" aria-label="Signed-in sessions">
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
