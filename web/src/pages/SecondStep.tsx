import { useSignal } from "@preact/signals";
import { AuthLayout } from "../components/AuthLayout.tsx";
import { Button, Field, Form } from "../components/ui.tsx";
import { useApp } from "../context.ts";
import { useForm } from "../form.ts";

/** The second step: the six digits from the app, or a recovery code instead. */
export function SecondStep(props: { token: string; onRestart(why: string): void }) {
  const { actions } = useApp();
  const recovery = useSignal(false);
  const form = useForm({
    initial: { code: "" },
    check(v): Record<string, string> {
      const value = v.code.trim();
      if (recovery.value) return value ? {} : { code: "Recovery code is required" };
      return /^\d{6}$/.test(value.replace(/\s+/g, "")) ? {} : { code: "Code must be the 6 digits the app shows" };
    },
    async send(v) {
      const value = v.code.trim();
      const error = await actions.signInSecondStep(
        props.token,
        recovery.value ? { recovery_code: value } : { code: value.replace(/\s+/g, "") },
      );
      // The token is gone (5 minutes passed, 5 wrong codes, used): back to the password.
      if (error?.status === 401 && error.msg !== "That code is not right.") {
        props.onRestart(error.msg);
        return null;
      }
      return error;
    },
    fieldByStatus: { 401: "code" },
    done: () => actions.enter(),
  });

  const toggle = () => {
    recovery.value = !recovery.value;
    form.reset();
    setTimeout(() => document.getElementById("field-code")?.focus(), 0);
  };

  return (
    <AuthLayout
      title="Two-factor sign-in"
      subtitle={
        recovery.value
          ? "Enter one of the recovery codes you saved. Each works once."
          : "Enter the 6-digit code your authenticator app shows for this account."
      }
      footer={
        <button type="button" class="link-button" onClick={() => props.onRestart("Sign in again.")}>
          Start over
        </button>
      }
    >
      <Form form={form}>
        {/* Keyed: the two are different inputs (a kept one would keep the code's maxlength). */}
        {recovery.value ? (
          <Field
            key="recovery"
            label="Recovery code"
            autoComplete="off"
            {...form.field("code")}
            autoFocus
            hint="Like abcd-efgh-jkmn-pqrs"
          />
        ) : (
          <Field
            key="code"
            label="Code"
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={7}
            {...form.field("code")}
            autoFocus
          />
        )}
        <Button busy={form.busy.value}>{form.busy.value ? "Checking…" : "Continue"}</Button>
      </Form>
      <p class="form-aside form-aside-start">
        <button type="button" class="link-button" onClick={toggle}>
          {recovery.value ? "Use the code from the app instead" : "Use a recovery code instead"}
        </button>
      </p>
    </AuthLayout>
  );
}
