import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { ResetPasskeysResponse } from "../../../../src/two-factor/model.ts";
import { validateResetPassword } from "../../../../src/users/validation.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Alert, Button, Field, Form, WithStrong } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { checked, useForm } from "../../form.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { takeLinkToken } from "../../router.ts";
import { locale } from "../../time.ts";
import { useEmailActions } from "./actions.ts";
import { EMAIL_LABELS as L } from "./labels.ts";
import { EMAIL_TEXT as T } from "./messages.ts";

type ResetPasskey = ResetPasskeysResponse["passkeys"][number];

const day = (iso: string) => new Date(iso).toLocaleDateString(locale(), { dateStyle: "medium" });

/**
 * The account's passkeys, as the reset will leave them: those it removes by itself (added by a
 * device it signs out, or before the address was confirmed) said so, the others each with a box to
 * remove it too. A passkey somebody else planted must not outlive the reset.
 */
function PasskeysAtReset(props: { passkeys: ResetPasskey[]; remove: Set<string>; onToggle(id: string): void }) {
  return (
    <fieldset class="reset-passkeys">
      <legend>{T.passkeysOnAccount}</legend>
      <p class="muted">{T.removeUnknown}</p>
      <ul>
        {props.passkeys.map((passkey) => (
          <li key={passkey.id}>
            {passkey.goes ? (
              <span>
                <WithStrong text={T.willBeRemoved(passkey.name)} part={passkey.name} />
              </span>
            ) : (
              <label>
                <input
                  type="checkbox"
                  checked={props.remove.has(passkey.id)}
                  onChange={() => props.onToggle(passkey.id)}
                />{" "}
                <WithStrong text={T.remove(passkey.name)} part={passkey.name} />{" "}
                <span class="muted">
                  {passkey.last_used_at
                    ? T.addedUsed(day(passkey.created_at), day(passkey.last_used_at))
                    : T.addedNeverUsed(day(passkey.created_at))}
                </span>
              </label>
            )}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/**
 * The page a reset link opens: the token comes from the fragment (taken once), the account's
 * passkeys are listed (any may be removed with the reset), the new password is checked by the
 * sign-up rules before it is sent, and success goes on to sign-in with a message.
 */
export function ResetPassword() {
  useTitle(L.newPassword);
  const { actions } = useApp();
  const email = useEmailActions();
  const token = useMemo(() => takeLinkToken(), []);
  const passkeys = useSignal<ResetPasskey[]>([]);
  const remove = useSignal<Set<string>>(new Set());
  const refused = useSignal<string | null>(null);
  useEffect(() => {
    if (!token) return;
    void actions.api.post<ResetPasskeysResponse>("/api/users/password/reset/passkeys", { token }).then((result) => {
      if (result.ok) passkeys.value = result.data.passkeys;
      else if (result.error.status === 400) refused.value = result.error.msg;
    });
  }, [token]);
  const toggle = (id: string) => {
    const next = new Set(remove.value);
    if (!next.delete(id)) next.add(id);
    remove.value = next;
  };
  const form = useForm({
    initial: { new_password: "", confirm: "" },
    check(v) {
      // The account's address is the server's to compare against (a 422 names it).
      const found = checked(validateResetPassword(v.new_password, ""));
      if (!found.new_password && v.new_password !== v.confirm) found.confirm = T.passwordsDiffer;
      return found;
    },
    send: (v) => email.resetPassword(token ?? "", v.new_password, [...remove.value]),
  });

  const footer = (
    <>
      {T.linkExpired} <a href="/forgot-password">{T.askNewOne}</a>
    </>
  );
  // No token, or one the server already refuses (used, expired): nothing to type a password for.
  if (!token || refused.value) {
    return (
      <AuthLayout title={L.newPassword} subtitle={T.opensFromMail} footer={footer}>
        <Alert kind="error">{refused.value ?? T.linkIncomplete}</Alert>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={L.newPassword} subtitle={T.everyDeviceSignedOut} footer={footer}>
      <Form form={form}>
        {passkeys.value.length > 0 && (
          <PasskeysAtReset passkeys={passkeys.value} remove={remove.value} onToggle={toggle} />
        )}
        <Field
          label={APP_MESSAGES.labelNewPassword}
          type="password"
          autoComplete="new-password"
          {...form.field("new_password")}
          hint={T.passwordHint}
          strengthFor=""
          autoFocus
        />
        <Field label={T.repeatPassword} type="password" autoComplete="new-password" {...form.field("confirm")} />
        <Button busy={form.busy.value}>{form.busy.value ? T.saving : T.setNewPassword}</Button>
      </Form>
    </AuthLayout>
  );
}
