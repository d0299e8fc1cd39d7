import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { ResetPasskeysResponse } from "../../../../src/two-factor/model.ts";
import { validateResetPassword } from "../../../../src/users/validation.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Alert, Button, Field, Form } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { checked, useForm } from "../../form.ts";
import { takeLinkToken } from "../../router.ts";
import { useEmailActions } from "./actions.ts";

type ResetPasskey = ResetPasskeysResponse["passkeys"][number];

const day = (iso: string) => new Date(iso).toLocaleDateString([], { dateStyle: "medium" });

/**
 * The account's passkeys, as the reset will leave them: those it removes by itself (added by a
 * device it signs out, or before the address was confirmed) said so, the others each with a box to
 * remove it too. A passkey somebody else planted must not outlive the reset.
 */
function PasskeysAtReset(props: { passkeys: ResetPasskey[]; remove: Set<string>; onToggle(id: string): void }) {
  return (
    <fieldset class="reset-passkeys">
      <legend>Passkeys on this account</legend>
      <p class="muted">Remove any passkey you do not recognise: it could sign in without the password.</p>
      <ul>
        {props.passkeys.map((passkey) => (
          <li key={passkey.id}>
            {passkey.goes ? (
              <span>
                <strong>{passkey.name}</strong>: will be removed (added by a device this reset signs out, or before the
                address was confirmed)
              </span>
            ) : (
              <label>
                <input
                  type="checkbox"
                  checked={props.remove.has(passkey.id)}
                  onChange={() => props.onToggle(passkey.id)}
                />{" "}
                Remove <strong>{passkey.name}</strong>{" "}
                <span class="muted">
                  (added {day(passkey.created_at)}
                  {passkey.last_used_at ? `, last used ${day(passkey.last_used_at)}` : ", never used"})
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
  useTitle("Choose a new password");
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
      if (!found.new_password && v.new_password !== v.confirm) found.confirm = "The passwords do not match";
      return found;
    },
    send: (v) => email.resetPassword(token ?? "", v.new_password, [...remove.value]),
  });

  const footer = (
    <>
      Link expired or used? <a href="/forgot-password">Ask for a new one</a>
    </>
  );
  // No token, or one the server already refuses (used, expired): nothing to type a password for.
  if (!token || refused.value) {
    return (
      <AuthLayout
        title="Choose a new password"
        subtitle="This page opens from the link in a reset mail."
        footer={footer}
      >
        <Alert kind="error">
          {refused.value ?? "This link is incomplete. Open it from the mail again, or ask for a new one."}
        </Alert>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title="Choose a new password"
      subtitle="Every device signed in to your account will be signed out."
      footer={footer}
    >
      <Form form={form}>
        {passkeys.value.length > 0 && (
          <PasskeysAtReset passkeys={passkeys.value} remove={remove.value} onToggle={toggle} />
        )}
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          {...form.field("new_password")}
          hint="8–128 characters, not your e-mail"
          strengthFor=""
          autoFocus
        />
        <Field label="Repeat password" type="password" autoComplete="new-password" {...form.field("confirm")} />
        <Button busy={form.busy.value}>{form.busy.value ? "Saving…" : "Set the new password"}</Button>
      </Form>
    </AuthLayout>
  );
}
