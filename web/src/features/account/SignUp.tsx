import { validateSignup } from "../../../../src/users/validation.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Button, Field, Form } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { PARTS } from "../../features.ts";
import { checked, useForm } from "../../form.ts";
import { useAccountActions } from "./actions.ts";

export function SignUp() {
  useTitle("Sign up");
  const { actions } = useApp();
  const account = useAccountActions();
  const form = useForm({
    initial: { username: "", email: "", password: "", confirm: "" },
    check(v) {
      const found = checked(validateSignup(v));
      if (!found.password && v.password !== v.confirm) found.confirm = "The passwords do not match";
      return found;
    },
    send: (v) => account.signUp(v.username, v.email, v.password),
    fieldByStatus: { 409: "email" },
    done: () => actions.enter(),
  });

  return (
    <AuthLayout
      title="Create your account"
      subtitle="It takes a minute. Your password never leaves this server."
      footer={
        <>
          Already registered? <a href={`/signin${location.search}`}>Sign in</a>
        </>
      }
    >
      <Form form={form}>
        <Field
          label="Username"
          autoComplete="username"
          {...form.field("username")}
          hint="3–50 letters, digits, _, - or ."
          autoFocus
        />
        <Field label="E-mail" type="email" autoComplete="email" {...form.field("email")} />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          {...form.field("password")}
          hint="8–128 characters, not your e-mail"
          strengthFor={form.values.value.email}
        />
        <Field label="Repeat password" type="password" autoComplete="new-password" {...form.field("confirm")} />
        <Button busy={form.busy.value}>{form.busy.value ? "Creating account…" : "Create account"}</Button>
      </Form>
      {PARTS.signInOptions.map((Part, i) => (
        <Part key={i} />
      ))}
    </AuthLayout>
  );
}
