import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { LoginResponse } from "../../../../src/users/model.ts";
import { Alert, Button, Card, Field, Form } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { isPage } from "../../features.ts";
import { useForm } from "../../form.ts";
import { leaveFor, navigate, safeNext } from "../../router.ts";
import { useSignInActions } from "./actions.ts";
import { codeProblem } from "./code.ts";
import { SIGN_IN_TEXT as T } from "./messages.ts";
import { STEPS_TEXT as S } from "./steps-messages.ts";

/**
 * A page behind the proxy asks for two factors (an access rule's `two_factor`), and this session was
 * signed in with one: the app's code, a recovery code or a passkey confirms it for this session
 * (the same session, counting two factors then); an account with none sets one up on the Security
 * page first. Then back.
 */
export function StepUp() {
  useTitle(T.stepUpTitle);
  const { state, actions } = useApp();
  const signIn = useSignInActions();
  const recovery = useSignal(false);
  const passkeyError = useSignal<string | null>(null);
  const next = safeNext(location.search);
  const mfa = state.user.value?.mfa;
  useEffect(() => {
    setTimeout(() => document.getElementById("field-code")?.focus(), 0);
  }, []);
  const back = () => (isPage(next) ? navigate(state, next, { replace: true }) : leaveFor(next, { replace: true }));
  const form = useForm({
    initial: { code: "" },
    check: (v) => codeProblem(v.code, recovery.value),
    async send(v) {
      const value = v.code.trim();
      const factor = recovery.value ? { recovery_code: value } : { code: value.replace(/\s+/g, "") };
      // This session's second factor, confirmed now (loaded with this page, not the first load).
      const result = await actions.api.post<LoginResponse>("/api/users/login/step-up", factor);
      return result.ok ? actions.signedIn(result.data) : result.error;
    },
    fieldByStatus: { 401: "code" },
    done: back,
  });
  const withPasskey = async () => {
    passkeyError.value = null;
    const error = await signIn.stepUpWithPasskey();
    if (error) passkeyError.value = error.msg;
    else back();
  };

  const footer = (
    <p class="form-aside form-aside-start">
      <a href={next}>{S.goBackWithout}</a>
    </p>
  );
  if (mfa && !mfa.totp && mfa.passkeys === 0) {
    return (
      <div class="grid">
        <Card title={S.secondFactorNeeded} class="span-6">
          <p>{S.noFactorYet}</p>
          <a
            class="btn btn-primary"
            href={`/security?next=${encodeURIComponent(`/step-up?next=${encodeURIComponent(next)}`)}`}
          >
            {S.goToSecurity}
          </a>
          {footer}
        </Card>
      </div>
    );
  }
  return (
    <div class="grid">
      <Card title={S.secondFactorForPage} class="span-6">
        <p>{S.confirmOnce}</p>
        {mfa?.totp && (
          <Form form={form}>
            {recovery.value ? (
              <Field key="recovery" label={S.recoveryCode} autoComplete="off" {...form.field("code")} />
            ) : (
              <Field
                key="code"
                label={S.code}
                autoComplete="one-time-code"
                inputMode="numeric"
                maxLength={7}
                {...form.field("code")}
              />
            )}
            <Button busy={form.busy.value}>{form.busy.value ? S.checking : S.confirm}</Button>
            <p class="form-aside form-aside-start">
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  recovery.value = !recovery.value;
                  form.reset();
                }}
              >
                {recovery.value ? S.useAppCode : S.useRecoveryCode}
              </button>
            </p>
          </Form>
        )}
        {mfa && mfa.passkeys > 0 && (
          <div class="passkey-sign-in">
            {passkeyError.value && <Alert kind="error">{passkeyError.value}</Alert>}
            <Button type="button" kind={mfa.totp ? "ghost" : "primary"} onClick={() => void withPasskey()}>
              {S.usePasskey}
            </Button>
          </div>
        )}
        {footer}
      </Card>
    </div>
  );
}
