import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { LoginResponse } from "../../../../src/users/model.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Button, Field, Form } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { useForm } from "../../form.ts";
import { useSignInActions } from "./actions.ts";

/** Fewer recovery codes left than this: say so, with where to make new ones. */
const FEW_CODES = 3;

const focusCode = () => setTimeout(() => document.getElementById("field-code")?.focus(), 0);

/**
 * The second step: the six digits from the app, or a recovery code instead; "remember this device"
 * skips it here for 30 days. The code field takes the focus as the step appears (autofocus does not
 * work on a field added after the page loaded), and the step is announced.
 */
export function SecondStep(props: { token: string; onRestart(why: string): void }) {
  const { state, actions } = useApp();
  const signIn = useSignInActions();
  const recovery = useSignal(false);
  const remember = useSignal(false);
  let signedIn: LoginResponse | null = null;
  useEffect(() => {
    focusCode();
    actions.announce("Two-factor sign-in: enter the code from your authenticator app.");
  }, []);
  const form = useForm({
    initial: { code: "" },
    check(v): Record<string, string> {
      const value = v.code.trim();
      if (recovery.value) return value ? {} : { code: "Recovery code is required" };
      return /^\d{6}$/.test(value.replace(/\s+/g, "")) ? {} : { code: "Code must be the 6 digits the app shows" };
    },
    async send(v) {
      const value = v.code.trim();
      const factor = recovery.value ? { recovery_code: value } : { code: value.replace(/\s+/g, "") };
      const result = await signIn.signInSecondStep(props.token, factor, remember.value);
      if ("success" in result) {
        signedIn = result;
        return null;
      }
      // The token is gone (5 minutes passed, 5 codes tried, used): back to the password.
      if (result.status === 401 && result.msg !== "That code is not right.") {
        props.onRestart(result.msg);
        return null;
      }
      return result;
    },
    fieldByStatus: { 401: "code" },
    done() {
      if (!signedIn) return;
      actions.enter();
      const left = signedIn.recovery_codes_left;
      if (left === undefined) return;
      const few = left <= FEW_CODES;
      state.notice.value = {
        kind: few ? "error" : "info",
        text: `You used a recovery code; ${left} left.${few ? " Make new ones on the Security page before they run out." : ""}`,
      };
    },
  });

  const toggle = () => {
    recovery.value = !recovery.value;
    form.reset();
    focusCode();
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
          />
        )}
        <label class="check">
          <input
            type="checkbox"
            checked={remember.value}
            onChange={(event) => (remember.value = event.currentTarget.checked)}
          />{" "}
          Remember this device for 30 days
        </label>
        <Button busy={form.busy.value}>{form.busy.value ? "Checking…" : "Continue"}</Button>
      </Form>
      <p class="form-aside form-aside-start">
        <button type="button" class="link-button" onClick={toggle}>
          {recovery.value ? "Use the code from the app instead" : "Use a recovery code instead"}
        </button>
      </p>
      <details class="help">
        <summary>Lost your phone and your codes?</summary>
        <p>
          Ask your administrator to reset your two-factor sign-in. Once they have checked that it is you, they remove
          the app and its codes; you then sign in with your password alone and set up a new app on the Security page.
        </p>
        <p>If you are still signed in on another device, make new recovery codes there instead.</p>
      </details>
    </AuthLayout>
  );
}
