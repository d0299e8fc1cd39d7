import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { LoginResponse } from "../../../../src/users/model.ts";
import { Alert, Button, Card, Field, Form } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { isPage } from "../../features.ts";
import { useForm } from "../../form.ts";
import { leaveFor, navigate, safeNext } from "../../router.ts";
import { useSignInActions } from "./actions.ts";

/**
 * A page behind the proxy asks for two factors (an access rule's `two_factor`), and this session was
 * signed in with one: the app's code, a recovery code or a passkey confirms it for this session
 * (the same session, counting two factors then); an account with none sets one up on the Security
 * page first. Then back.
 */
export function StepUp() {
  useTitle("Confirm it is you");
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
    check(v): Record<string, string> {
      const value = v.code.trim();
      if (recovery.value) return value ? {} : { code: "Recovery code is required" };
      return /^\d{6}$/.test(value.replace(/\s+/g, "")) ? {} : { code: "Code must be the 6 digits the app shows" };
    },
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
      <a href={next}>Go back without it</a>
    </p>
  );
  if (mfa && !mfa.totp && mfa.passkeys === 0) {
    return (
      <div class="grid">
        <Card title="A second factor is needed" class="span-6">
          <p>
            The page you asked for needs two factors, and your account has none yet. Set up an authenticator app or a
            passkey on the Security page, then come back.
          </p>
          <a
            class="btn btn-primary"
            href={`/security?next=${encodeURIComponent(`/step-up?next=${encodeURIComponent(next)}`)}`}
          >
            Go to the Security page
          </a>
          {footer}
        </Card>
      </div>
    );
  }
  return (
    <div class="grid">
      <Card title="A second factor for this page" class="span-6">
        <p>The page you asked for needs a second factor. Confirm it once for this session.</p>
        {mfa?.totp && (
          <Form form={form}>
            {recovery.value ? (
              <Field key="recovery" label="Recovery code" autoComplete="off" {...form.field("code")} />
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
            <Button busy={form.busy.value}>{form.busy.value ? "Checking…" : "Confirm"}</Button>
            <p class="form-aside form-aside-start">
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  recovery.value = !recovery.value;
                  form.reset();
                }}
              >
                {recovery.value ? "Use the code from the app instead" : "Use a recovery code instead"}
              </button>
            </p>
          </Form>
        )}
        {mfa && mfa.passkeys > 0 && (
          <div class="passkey-sign-in">
            {passkeyError.value && <Alert kind="error">{passkeyError.value}</Alert>}
            <Button type="button" kind={mfa.totp ? "ghost" : "primary"} onClick={() => void withPasskey()}>
              Use a passkey
            </Button>
          </div>
        )}
        {footer}
      </Card>
    </div>
  );
}
