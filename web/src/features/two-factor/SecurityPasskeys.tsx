import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { Passkey } from "../../../../src/two-factor/model.ts";
import { Alert, Button, Card, Field, Form } from "../../components/ui.tsx";
import { useFocusInside } from "../../focus.ts";
import { useForm } from "../../form.ts";
import { supportsPasskeys } from "../../passkeys.ts";
import { useSecurityActions } from "./actions.ts";

const day = (iso: string) => new Date(iso).toLocaleDateString([], { dateStyle: "medium" });

function PasskeyRow(props: { passkey: Passkey; onChanged(msg: string): void }) {
  const actions = useSecurityActions();
  const mode = useSignal<"view" | "rename" | "remove">("view");
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const ref = useRef<HTMLLIElement>(null);
  useFocusInside(ref, mode.value === "view" ? null : mode.value);
  const rename = useForm({
    initial: { name: props.passkey.name },
    check: (v): Record<string, string> => (v.name.trim() ? {} : { name: "Name is required" }),
    send: (v) => actions.renamePasskey(props.passkey.id, v.name),
    done: () => {
      mode.value = "view";
      props.onChanged("Passkey renamed.");
    },
  });
  const remove = async () => {
    busy.value = true;
    const failed = await actions.removePasskey(props.passkey.id);
    busy.value = false;
    if (failed) error.value = failed.msg;
    else props.onChanged("Passkey removed.");
  };
  const { passkey } = props;
  return (
    <li ref={ref} class="passkey">
      {mode.value === "rename" ? (
        <Form form={rename} label={`Rename ${passkey.name}`}>
          <Field label="Name" {...rename.field("name")} maxLength={64} />
          <div class="button-row">
            <Button busy={rename.busy.value}>Save</Button>
            <Button type="button" kind="ghost" onClick={() => (mode.value = "view")}>
              Cancel
            </Button>
          </div>
        </Form>
      ) : (
        <>
          <div class="passkey-text">
            <strong>{passkey.name}</strong>
            <span class="muted">
              Added {day(passkey.created_at)} ·{" "}
              {passkey.last_used_at ? `last used ${day(passkey.last_used_at)}` : "not used yet"}
            </span>
          </div>
          {mode.value === "remove" ? (
            <fieldset class="confirm">
              <legend>Remove “{passkey.name}”? It will no longer sign you in.</legend>
              {error.value && <Alert kind="error">{error.value}</Alert>}
              <div class="button-row">
                <Button type="button" kind="danger" busy={busy.value} onClick={() => void remove()}>
                  Remove
                </Button>
                <Button type="button" kind="ghost" onClick={() => (mode.value = "view")}>
                  Keep it
                </Button>
              </div>
            </fieldset>
          ) : (
            <div class="button-row">
              <Button type="button" kind="ghost" onClick={() => (mode.value = "rename")}>
                Rename<span class="sr-only"> {passkey.name}</span>
              </Button>
              <Button type="button" kind="ghost" onClick={() => (mode.value = "remove")}>
                Remove<span class="sr-only"> {passkey.name}</span>
              </Button>
            </div>
          )}
        </>
      )}
    </li>
  );
}

/** Passkeys: sign in with the device's screen lock, no password; add, name, remove. */
export function Passkeys() {
  const actions = useSecurityActions();
  const list = useSignal<Passkey[] | null>(null);
  const supported = useSignal(true);
  const message = useSignal<{ kind: "success" | "error"; text: string } | null>(null);
  const load = async () => {
    list.value = await actions.loadPasskeys();
  };
  useEffect(() => {
    void load();
    void supportsPasskeys().then((yes) => (supported.value = yes));
  }, []);
  // A passkey outlives the session that adds it: unless this sign-in is fresh, the server wants the
  // password (403), and the field for it appears with that sentence.
  const needsPassword = useSignal(false);
  const add = useForm({
    initial: { name: "", password: "" },
    async send(v) {
      message.value = null;
      const result = await actions.addPasskey(v.name, v.password);
      if ("status" in result) {
        if (result.status === 403) needsPassword.value = true;
        return result;
      }
      message.value = { kind: "success", text: result.msg };
      await load();
      return null;
    },
    fieldByStatus: { 403: "password" },
    done: (): undefined => {
      needsPassword.value = false;
      add.reset();
    },
  });
  const changed = async (text: string) => {
    message.value = { kind: "success", text };
    await load();
  };

  return (
    <Card title="Passkeys">
      <p class="muted">
        A passkey signs you in with this device's fingerprint, face or screen lock instead of the password and a code.
      </p>
      {message.value && (
        <Alert kind={message.value.kind} onDismiss={() => (message.value = null)}>
          {message.value.text}
        </Alert>
      )}
      {list.value === null ? (
        <p class="muted">Loading…</p>
      ) : list.value.length === 0 ? (
        <p class="muted">No passkeys yet.</p>
      ) : (
        <ul class="passkeys" aria-label="Your passkeys">
          {list.value.map((passkey) => (
            <PasskeyRow key={passkey.id} passkey={passkey} onChanged={(text) => void changed(text)} />
          ))}
        </ul>
      )}
      {supported.value ? (
        <Form form={add} label="Add a passkey" class="passkey-add">
          <Field label="Name (optional)" {...add.field("name")} maxLength={64} hint="Such as “Work laptop”" />
          {needsPassword.value && (
            <Field
              label="Your password"
              type="password"
              autoComplete="current-password"
              {...add.field("password")}
              name="passkey_password"
            />
          )}
          <Button busy={add.busy.value}>{add.busy.value ? "Waiting for the device…" : "Add a passkey"}</Button>
        </Form>
      ) : (
        <p class="muted">This browser cannot create passkeys.</p>
      )}
    </Card>
  );
}
