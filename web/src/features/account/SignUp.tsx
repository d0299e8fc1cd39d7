import { validateSignup } from "../../../../src/users/validation.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Button, Field, Form } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { PARTS } from "../../features.ts";
import { checked, useForm } from "../../form.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { useAccountActions } from "./actions.ts";
import { ACCOUNT_LABELS as L } from "./labels.ts";
import { ACCOUNT_TEXT as T } from "./messages.ts";

export function SignUp() {
  useTitle(L.signUp);
  const { actions } = useApp();
  const account = useAccountActions();
  const form = useForm({
    initial: { username: "", email: "", password: "", confirm: "" },
    check(v) {
      const found = checked(validateSignup(v));
      if (!found.password && v.password !== v.confirm) found.confirm = T.passwordsDiffer;
      return found;
    },
    send: (v) => account.signUp(v.username, v.email, v.password),
    fieldByStatus: { 409: "email" },
    done: () => actions.enter(),
  });

  return (
    <AuthLayout
      title={T.createYourAccount}
      subtitle={T.takesAMinute}
      footer={
        <>
          {T.alreadyRegistered} <a href={`/signin${location.search}`}>{T.signIn}</a>
        </>
      }
    >
      <Form form={form}>
        <Field
          label={APP_MESSAGES.labelUsername}
          autoComplete="username"
          {...form.field("username")}
          hint={T.usernameHint}
          autoFocus
        />
        <Field label={APP_MESSAGES.labelEmail} type="email" autoComplete="email" {...form.field("email")} />
        <Field
          label={APP_MESSAGES.labelPassword}
          type="password"
          autoComplete="new-password"
          {...form.field("password")}
          hint={T.passwordHint}
          strengthFor={form.values.value.email}
        />
        <Field label={T.repeatPassword} type="password" autoComplete="new-password" {...form.field("confirm")} />
        <Button busy={form.busy.value}>{form.busy.value ? T.creatingAccount : T.createAccount}</Button>
      </Form>
      {PARTS.signInOptions.map((Part, i) => (
        <Part key={i} />
      ))}
    </AuthLayout>
  );
}
