import { useMemo } from "preact/hooks";
import { validateResetPassword } from "../../../src/account/validation.ts";
import { AuthLayout } from "../components/AuthLayout.tsx";
import { Alert, Button, Field, Form } from "../components/ui.tsx";
import { useApp, useTitle } from "../context.ts";
import { checked, useForm } from "../form.ts";
import { PAGES, takeLinkToken } from "../router.ts";

/**
 * The page a reset link opens: the token comes from the fragment (taken once), the new password is
 * checked by the sign-up rules before it is sent, and success goes on to sign-in with a message.
 */
export function ResetPassword() {
  useTitle("Choose a new password");
  const { actions } = useApp();
  const token = useMemo(() => takeLinkToken(), []);
  const form = useForm({
    initial: { new_password: "", confirm: "" },
    check(v) {
      // The account's address is the server's to compare against (a 422 names it).
      const found = checked(validateResetPassword(v.new_password, ""));
      if (!found.new_password && v.new_password !== v.confirm) found.confirm = "The passwords do not match";
      return found;
    },
    send: (v) => actions.resetPassword(token ?? "", v.new_password),
  });

  const footer = (
    <>
      Link expired or used? <a href={PAGES.forgotPassword}>Ask for a new one</a>
    </>
  );
  if (!token) {
    return (
      <AuthLayout
        title="Choose a new password"
        subtitle="This page opens from the link in a reset mail."
        footer={footer}
      >
        <Alert kind="error">This link is incomplete. Open it from the mail again, or ask for a new one.</Alert>
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
