import { useSignal } from "@preact/signals";
import { validateCredentials } from "../../../src/account/validation.ts";
import type { ApiError } from "../api.ts";
import { Alert, Button, byField, Field, fieldErrorsOf, formatRetry } from "../components/ui.tsx";
import { useApp, useTitle } from "../context.ts";
import { AuthCard } from "./AuthCard.tsx";

/** The message for a failed sign-in that is not about one field. */
export function formError(error: ApiError): string {
  if (error.status === 429 && error.retryAfter) return `Too many failed sign-in attempts. Try again in ${formatRetry(error.retryAfter)}.`;
  return error.msg;
}

export function SignIn() {
  useTitle("Sign in");
  const { actions } = useApp();
  const email = useSignal("");
  const password = useSignal("");
  const errors = useSignal<Record<string, string>>({});
  const failure = useSignal<string | null>(null);
  const busy = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    failure.value = null;
    const checked = validateCredentials({ email: email.value, password: password.value });
    errors.value = checked.ok ? {} : byField(checked.errors);
    if (!checked.ok) return;
    busy.value = true;
    const error = await actions.signIn(email.value, password.value);
    busy.value = false;
    if (!error) return actions.enter();
    if (error.network) return;
    const fields = fieldErrorsOf(error);
    if (fields) errors.value = fields;
    else failure.value = formError(error);
  };

  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back. Enter your details to open your dashboard."
      footer={
        <>
          No account yet? <a href={`/signup${location.search}`}>Create one</a>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        {failure.value && <Alert kind="error">{failure.value}</Alert>}
        <Field label="E-mail" name="email" type="email" autoComplete="email" value={email.value} onInput={(v) => (email.value = v)} error={errors.value.email} autoFocus />
        <Field label="Password" name="password" type="password" autoComplete="current-password" value={password.value} onInput={(v) => (password.value = v)} error={errors.value.password} />
        <Button busy={busy.value}>{busy.value ? "Signing in…" : "Sign in"}</Button>
      </form>
    </AuthCard>
  );
}
