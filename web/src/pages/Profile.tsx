import { useSignal, type Signal } from "@preact/signals";
import type { ApiError } from "../api.ts";
import { validateNewPassword, validatePresentPassword, validateProfileChanges } from "../../../src/account/validation.ts";
import { Alert, Button, byField, Card, Field, fieldErrorsOf } from "../components/ui.tsx";
import { useApp, useTitle } from "../context.ts";

type Result = { kind: "success" | "error"; text: string } | null;

/** A failed save: next to its field when it concerns one, else in the form's alert (network errors have the banner). */
function showFailure(error: ApiError, fieldByStatus: Record<number, string>, errors: Signal<Record<string, string>>, result: Signal<Result>): void {
  if (error.network) return;
  const fields = fieldErrorsOf(error, fieldByStatus);
  if (fields) errors.value = fields;
  else result.value = { kind: "error", text: error.msg };
}

function ProfileForm() {
  const { state, actions } = useApp();
  const user = state.user.value;
  const username = useSignal(user?.username ?? "");
  const email = useSignal(user?.email ?? "");
  const errors = useSignal<Record<string, string>>({});
  const result = useSignal<Result>(null);
  const busy = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    result.value = null;
    const checked = validateProfileChanges({ username: username.value, email: email.value });
    errors.value = checked.ok ? {} : byField(checked.errors);
    if (!checked.ok) return;
    busy.value = true;
    const error = await actions.updateProfile(checked.value);
    busy.value = false;
    if (!error) result.value = { kind: "success", text: "Your profile is saved." };
    else showFailure(error, { 409: "email" }, errors, result);
  };

  return (
    <Card title="Profile" class="span-6">
      <form onSubmit={submit} noValidate aria-label="Profile">
        {result.value && <Alert kind={result.value.kind}>{result.value.text}</Alert>}
        <Field label="Username" name="username" autoComplete="username" value={username.value} onInput={(v) => (username.value = v)} error={errors.value.username} />
        <Field label="E-mail" name="email" type="email" autoComplete="email" value={email.value} onInput={(v) => (email.value = v)} error={errors.value.email} />
        <Button busy={busy.value}>Save profile</Button>
      </form>
    </Card>
  );
}

function PasswordForm() {
  const { state, actions } = useApp();
  const current = useSignal("");
  const next = useSignal("");
  const confirm = useSignal("");
  const errors = useSignal<Record<string, string>>({});
  const result = useSignal<Result>(null);
  const busy = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    result.value = null;
    const checked = validateNewPassword({ current_password: current.value, new_password: next.value }, state.user.value?.email ?? "");
    const found = checked.ok ? {} : byField(checked.errors);
    if (!found.new_password && next.value !== confirm.value) found.confirm_password = "The new passwords do not match";
    errors.value = found;
    if (Object.keys(found).length) return;
    busy.value = true;
    const error = await actions.changePassword(current.value, next.value);
    busy.value = false;
    if (!error) {
      current.value = next.value = confirm.value = "";
      result.value = { kind: "success", text: "Password changed. Your other sessions have been signed out." };
    } else showFailure(error, { 403: "current_password" }, errors, result);
  };

  return (
    <Card title="Change password" class="span-6">
      <form onSubmit={submit} noValidate aria-label="Change password">
        {result.value && <Alert kind={result.value.kind}>{result.value.text}</Alert>}
        <Field label="Current password" name="current_password" type="password" autoComplete="current-password" value={current.value} onInput={(v) => (current.value = v)} error={errors.value.current_password} />
        <Field label="New password" name="new_password" type="password" autoComplete="new-password" value={next.value} onInput={(v) => (next.value = v)} error={errors.value.new_password} hint="8–128 characters, not your e-mail" />
        <Field label="Repeat new password" name="confirm_password" type="password" autoComplete="new-password" value={confirm.value} onInput={(v) => (confirm.value = v)} error={errors.value.confirm_password} />
        <Button busy={busy.value}>Change password</Button>
      </form>
    </Card>
  );
}

function DeleteAccount() {
  const { actions } = useApp();
  const confirming = useSignal(false);
  const password = useSignal("");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const checked = validatePresentPassword(password.value);
    if (!checked.ok) {
      error.value = "Enter your password to confirm";
      return;
    }
    busy.value = true;
    const failure = await actions.deleteAccount(password.value);
    busy.value = false;
    if (failure && !failure.network) error.value = failure.msg;
  };

  return (
    <Card title="Delete account" class="span-12 danger-zone">
      <p>This removes your account and its activity for good. It cannot be undone.</p>
      {confirming.value ? (
        <form onSubmit={submit} noValidate aria-label="Delete account" class="inline-form">
          <Field label="Your password" name="delete_password" type="password" autoComplete="current-password" value={password.value} onInput={(v) => (password.value = v)} error={error.value} autoFocus />
          <div class="actions">
            <Button kind="danger" busy={busy.value}>
              Delete my account
            </Button>
            <Button kind="ghost" type="button" onClick={() => ((confirming.value = false), (error.value = null), (password.value = ""))}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <Button kind="danger" type="button" onClick={() => (confirming.value = true)}>
          Delete account…
        </Button>
      )}
    </Card>
  );
}

export function Profile() {
  useTitle("Profile");
  return (
    <div class="grid">
      <ProfileForm />
      <PasswordForm />
      <DeleteAccount />
    </div>
  );
}
