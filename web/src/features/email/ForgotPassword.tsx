import { useSignal } from "@preact/signals";
import { validateEmailAddress } from "../../../../src/users/validation.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Button, Field, Form } from "../../components/ui.tsx";
import { useTitle } from "../../context.ts";
import { checked, useForm } from "../../form.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { PAGES } from "../../router.ts";
import { useEmailActions } from "./actions.ts";
import { EMAIL_LABELS as L } from "./labels.ts";
import { EMAIL_TEXT as T } from "./messages.ts";

/** "Forgot password?": the address, then the server's one answer (the same for every address). */
export function ForgotPassword() {
  useTitle(L.forgotPassword);
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
      title={T.forgotYourPassword}
      subtitle={T.enterAddress}
      footer={
        <>
          {T.rememberedIt} <a href={PAGES.signIn}>{T.signIn}</a>
        </>
      }
    >
      <Form form={form}>
        <Field label={APP_MESSAGES.labelEmail} type="email" autoComplete="email" {...form.field("email")} autoFocus />
        <Button busy={form.busy.value}>{form.busy.value ? T.sending : T.sendLink}</Button>
      </Form>
    </AuthLayout>
  );
}
