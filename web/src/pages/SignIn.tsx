import { validateCredentials } from "../../../src/account/validation.ts";
import { AuthLayout } from "../components/AuthLayout.tsx";
import { Button, Field, Form } from "../components/ui.tsx";
import { useApp, useTitle } from "../context.ts";
import { checked, useForm } from "../form.ts";

export function SignIn() {
  useTitle("Sign in");
  const { actions } = useApp();
  const form = useForm({
    initial: { email: "", password: "" },
    check: (v) => checked(validateCredentials(v)),
    send: (v) => actions.signIn(v.email, v.password),
    done: () => actions.enter(),
  });

  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back. Enter your details to open your dashboard."
      footer={
        <>
          No account yet? <a href={`/signup${location.search}`}>Create one</a>
        </>
      }
    >
      <Form form={form}>
        <Field label="E-mail" type="email" autoComplete="email" {...form.field("email")} autoFocus />
        <Field label="Password" type="password" autoComplete="current-password" {...form.field("password")} />
        <p class="form-aside">
          <a href="/forgot-password">Forgot password?</a>
        </p>
        <Button busy={form.busy.value}>{form.busy.value ? "Signing in…" : "Sign in"}</Button>
      </Form>
    </AuthLayout>
  );
}
