import { useSignal } from "@preact/signals";
import { validateEmailAddress } from "../../../../src/users/validation.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Button, Field, Form } from "../../components/ui.tsx";
import { useTitle } from "../../context.ts";
import { checked, useForm } from "../../form.ts";
import { PAGES } from "../../router.ts";
import { useEmailActions } from "./actions.ts";

/** "Forgot password?": the address, then the server's one answer (the same for every address). */
export function ForgotPassword() {
  useTitle("Forgot password");
  const email = useEmailActions();
  const sent = useSignal<string | null>(null);
  const form = useForm({
    initial: { email: "" },
    check: (v) => checked(validateEmailAddress(v.email)),
    async send(v) {
      const result = await email.requestPasswordReset(v.email);
      if (!result.ok) return result.error;
      sent.value = result.data.msg;
      return null;
    },
    done: () => sent.value,
  });

  return (
    <AuthLayout
      title="Forgot your password?"
      subtitle="Enter the address of your account. We will mail it a link to choose a new password."
      footer={
        <>
          Remembered it? <a href={PAGES.signIn}>Sign in</a>
        </>
      }
    >
      <Form form={form}>
        <Field label="E-mail" type="email" autoComplete="email" {...form.field("email")} autoFocus />
        <Button busy={form.busy.value}>{form.busy.value ? "Sending…" : "Send the link"}</Button>
      </Form>
    </AuthLayout>
  );
}
