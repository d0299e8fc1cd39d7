import { useSignal } from "@preact/signals";
import { validateSignup } from "../../../src/account/validation.ts";
import { Alert, Button, byField, Field, fieldErrorsOf } from "../components/ui.tsx";
import { useApp, useTitle } from "../context.ts";
import { AuthCard } from "./AuthCard.tsx";
import { formError } from "./SignIn.tsx";

export function SignUp() {
  useTitle("Sign up");
  const { actions } = useApp();
  const username = useSignal("");
  const email = useSignal("");
  const password = useSignal("");
  const confirm = useSignal("");
  const errors = useSignal<Record<string, string>>({});
  const failure = useSignal<string | null>(null);
  const busy = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    failure.value = null;
    const checked = validateSignup({ username: username.value, email: email.value, password: password.value });
    const found = checked.ok ? {} : byField(checked.errors);
    if (!found.password && password.value !== confirm.value) found.confirm = "The passwords do not match";
    errors.value = found;
    if (Object.keys(found).length) return;
    busy.value = true;
    const error = await actions.signUp(username.value, email.value, password.value);
    busy.value = false;
    if (!error) return actions.enter();
    if (error.network) return;
    const fields = fieldErrorsOf(error, { 409: "email" });
    if (fields) errors.value = fields;
    else failure.value = formError(error);
  };

  return (
    <AuthCard
      title="Create your account"
      subtitle="It takes a minute. Your password never leaves this server."
      footer={
        <>
          Already registered? <a href={`/signin${location.search}`}>Sign in</a>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        {failure.value && <Alert kind="error">{failure.value}</Alert>}
        <Field label="Username" name="username" autoComplete="username" value={username.value} onInput={(v) => (username.value = v)} error={errors.value.username} hint="3–50 letters, digits, _, - or ." autoFocus />
        <Field label="E-mail" name="email" type="email" autoComplete="email" value={email.value} onInput={(v) => (email.value = v)} error={errors.value.email} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" value={password.value} onInput={(v) => (password.value = v)} error={errors.value.password} hint="8–128 characters, not your e-mail" />
        <Field label="Repeat password" name="confirm" type="password" autoComplete="new-password" value={confirm.value} onInput={(v) => (confirm.value = v)} error={errors.value.confirm} />
        <Button busy={busy.value}>{busy.value ? "Creating account…" : "Create account"}</Button>
      </form>
    </AuthCard>
  );
}
