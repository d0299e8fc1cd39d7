import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { LoginResponse } from "../../../../src/users/model.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Button, Field, Form } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { useForm } from "../../form.ts";
import { useSignInActions } from "./actions.ts";
import { codeProblem } from "./code.ts";
import { STEPS_TEXT as T } from "./steps-messages.ts";

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
    actions.announce(T.twoFactorAnnounced);
  }, []);
  const form = useForm({
    initial: { code: "" },
    check: (v) => codeProblem(v.code, recovery.value),
    async send(v) {
      const value = v.code.trim();
      const factor = recovery.value ? { recovery_code: value } : { code: value.replace(/\s+/g, "") };
      const result = await signIn.signInSecondStep(props.token, factor, remember.value);
      if ("success" in result) {
        signedIn = result;
        return null;
      }
      // The token is gone (5 minutes passed, 5 codes tried, used): back to the password.
      if (result.status === 401 && result.reason === "expired") {
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
        text: few ? `${T.recoveryCodesLeft(left)} ${T.makeNewCodes}` : T.recoveryCodesLeft(left),
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
      title={T.twoFactorTitle}
      subtitle={recovery.value ? T.enterRecoveryCode : T.enterAppCode}
      footer={
        <button type="button" class="link-button" onClick={() => props.onRestart(T.signInAgain)}>
          {T.startOver}
        </button>
      }
    >
      <Form form={form}>
        {/* Keyed: the two are different inputs (a kept one would keep the code's maxlength). */}
        {recovery.value ? (
          <Field
            key="recovery"
            label={T.recoveryCode}
            autoComplete="off"
            {...form.field("code")}
            hint={T.recoveryCodeLike}
          />
        ) : (
          <Field
            key="code"
            label={T.code}
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
          {T.rememberDevice}
        </label>
        <Button busy={form.busy.value}>{form.busy.value ? T.checking : T.continue}</Button>
      </Form>
      <p class="form-aside form-aside-start">
        <button type="button" class="link-button" onClick={toggle}>
          {recovery.value ? T.useAppCode : T.useRecoveryCode}
        </button>
      </p>
      <details class="help">
        <summary>{T.lostPhone}</summary>
        <p>{T.lostPhoneAdmin}</p>
        <p>{T.lostPhoneOtherDevice}</p>
      </details>
    </AuthLayout>
  );
}
