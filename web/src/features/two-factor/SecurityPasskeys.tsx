import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { Passkey } from "../../../../src/two-factor/model.ts";
import { Alert, Button, Card, Field, Form } from "../../components/ui.tsx";
import { useFocusInside } from "../../focus.ts";
import { useForm } from "../../form.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { PAGE_MESSAGES } from "../../page-messages.ts";
import { supportsPasskeys } from "../../passkeys.ts";
import { locale } from "../../time.ts";
import { useSecurityActions } from "./actions.ts";
import { TWO_FACTOR_TEXT as T } from "./messages.ts";

const day = (iso: string) => new Date(iso).toLocaleDateString(locale(), { dateStyle: "medium" });

function PasskeyRow(props: { passkey: Passkey; onChanged(msg: string): void }) {
  const actions = useSecurityActions();
  const mode = useSignal<"view" | "rename" | "remove">("view");
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const ref = useRef<HTMLLIElement>(null);
  useFocusInside(ref, mode.value === "view" ? null : mode.value);
  const rename = useForm({
    initial: { name: props.passkey.name },
    check: (v): Record<string, string> => (v.name.trim() ? {} : { name: T.nameRequired }),
    send: (v) => actions.renamePasskey(props.passkey.id, v.name),
    done: () => {
      mode.value = "view";
      props.onChanged(T.renamed);
    },
  });
  const remove = async () => {
    busy.value = true;
    const failed = await actions.removePasskey(props.passkey.id);
    busy.value = false;
    if (failed) error.value = failed.msg;
    else props.onChanged(T.removed);
  };
  const { passkey } = props;
  return (
    <li ref={ref} class="passkey">
      {mode.value === "rename" ? (
        <Form form={rename} label={T.renameNamed(passkey.name)}>
          <Field label={T.name} {...rename.field("name")} maxLength={64} />
          <div class="button-row">
            <Button busy={rename.busy.value}>{T.save}</Button>
            <Button type="button" kind="ghost" onClick={() => (mode.value = "view")}>
              {PAGE_MESSAGES.cancel}
            </Button>
          </div>
        </Form>
      ) : (
        <>
          <div class="passkey-text">
            <strong>{passkey.name}</strong>
            <span class="muted">
              {passkey.last_used_at
                ? T.addedUsed(day(passkey.created_at), day(passkey.last_used_at))
                : T.addedNotUsed(day(passkey.created_at))}
            </span>
          </div>
          {mode.value === "remove" ? (
            <fieldset class="confirm">
              <legend>{T.removeQuestion(passkey.name)}</legend>
              {error.value && <Alert kind="error">{error.value}</Alert>}
              <div class="button-row">
                <Button type="button" kind="danger" busy={busy.value} onClick={() => void remove()}>
                  {T.remove}
                </Button>
                <Button type="button" kind="ghost" onClick={() => (mode.value = "view")}>
                  {T.keepIt}
                </Button>
              </div>
            </fieldset>
          ) : (
            <div class="button-row">
              <Button type="button" kind="ghost" onClick={() => (mode.value = "rename")}>
                {T.rename}
                <span class="sr-only"> {passkey.name}</span>
              </Button>
              <Button type="button" kind="ghost" onClick={() => (mode.value = "remove")}>
                {T.remove}
                <span class="sr-only"> {passkey.name}</span>
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
    <Card title={T.passkeys}>
      <p class="muted">{T.passkeyExplained}</p>
      {message.value && (
        <Alert kind={message.value.kind} onDismiss={() => (message.value = null)}>
          {message.value.text}
        </Alert>
      )}
      {list.value === null ? (
        <p class="muted">{APP_MESSAGES.loading}</p>
      ) : list.value.length === 0 ? (
        <p class="muted">{T.noPasskeys}</p>
      ) : (
        <ul class="passkeys" aria-label={T.yourPasskeys}>
          {list.value.map((passkey) => (
            <PasskeyRow key={passkey.id} passkey={passkey} onChanged={(text) => void changed(text)} />
          ))}
        </ul>
      )}
      {supported.value ? (
        <Form form={add} label={T.addPasskey} class="passkey-add">
          <Field label={T.nameOptional} {...add.field("name")} maxLength={64} hint={T.nameExample} />
          {needsPassword.value && (
            <Field
              label={T.yourPassword}
              type="password"
              autoComplete="current-password"
              {...add.field("password")}
              name="passkey_password"
            />
          )}
          <Button busy={add.busy.value}>{add.busy.value ? T.waitingForDevice : T.addPasskey}</Button>
        </Form>
      ) : (
        <p class="muted">{T.cannotCreate}</p>
      )}
    </Card>
  );
}
