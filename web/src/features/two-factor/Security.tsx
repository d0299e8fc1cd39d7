import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import type { ApiError, ApiResult } from "../../api.ts";
import { Alert, Card } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { useFocusInside } from "../../focus.ts";
import { useForm } from "../../form.ts";
import { safeNext } from "../../router.ts";
import { AppButtons, Enrolment, PasswordPrompt, RecoveryCodes, type TotpStep } from "./AppParts.tsx";
import { useSecurityActions } from "./actions.ts";
import { TWO_FACTOR_LABELS as L } from "./labels.ts";
import { TWO_FACTOR_TEXT as T } from "./messages.ts";
import { Passkeys } from "./SecurityPasskeys.tsx";

/** One password field to confirm a change, with its own errors (403 on the field, 429 in the alert). */
function AuthenticatorApp() {
  const { state } = useApp();
  const actions = useSecurityActions();
  const step = useSignal<TotpStep>({ kind: "idle" });
  const note = useSignal<string | null>(null);
  const enabled = state.user.value?.mfa.totp ?? false;
  const codesLeft = state.user.value?.mfa.recovery_codes ?? 0;
  const ref = useRef<HTMLDivElement>(null);
  useFocusInside(ref, step.value.kind);

  const confirm = useForm({
    initial: { code: "" },
    check: (v): Record<string, string> => (/^\d{6}$/.test(v.code.replace(/\s+/g, "")) ? {} : { code: T.sixDigits }),
    async send(v) {
      const result = await actions.confirmTotp(v.code.replace(/\s+/g, ""));
      if (!result.ok) return result.error;
      step.value = { kind: "codes", codes: result.data.recovery_codes };
      note.value = result.data.msg;
      return null;
    },
    fieldByStatus: { 400: "code" },
  });

  const finish = (text: string | null) => {
    step.value = { kind: "idle" };
    note.value = text;
  };

  /** A password-confirmed request: its error for the prompt, or what to do with its answer. */
  const withPassword = async <T,>(result: Promise<ApiResult<T>>, then: (data: T) => void): Promise<ApiError | null> => {
    const answer = await result;
    if (!answer.ok) return answer.error;
    then(answer.data);
    return null;
  };

  const current = step.value;
  return (
    <Card title={T.authenticatorApp}>
      <div ref={ref}>
        <p class="security-status">
          <span class={`badge ${enabled ? "badge-on" : "badge-off"}`}>{enabled ? T.on : T.off}</span>{" "}
          {enabled ? T.appOn : T.appOff}
        </p>
        {enabled && (
          <p class={codesLeft <= 3 ? "codes-left codes-few" : "codes-left"}>
            {T.codesLeft(codesLeft)}
            {codesLeft <= 3 && T.codesRunningOut}
          </p>
        )}
        {note.value && current.kind === "idle" && (
          <Alert kind="success" onDismiss={() => (note.value = null)}>
            {note.value}
          </Alert>
        )}
        {current.kind === "idle" && (
          <AppButtons enabled={enabled} ask={(purpose) => (step.value = { kind: "password", purpose })} />
        )}
        {current.kind === "password" && (
          <PasswordPrompt
            label={
              current.purpose === "enable" ? T.continue : current.purpose === "codes" ? T.makeNewCodes : T.removeApp
            }
            danger={current.purpose === "disable"}
            onCancel={() => finish(null)}
            onPassword={(password) =>
              current.purpose === "enable"
                ? withPassword(actions.startTotp(password), (data) => {
                    confirm.reset();
                    step.value = { kind: "enrolling", secret: data.secret, uri: data.otpauth_uri };
                  })
                : current.purpose === "codes"
                  ? withPassword(actions.newRecoveryCodes(password), (data) => {
                      note.value = data.msg;
                      step.value = { kind: "codes", codes: data.recovery_codes };
                    })
                  : withPassword(actions.disableTotp(password), (data) => finish(data.msg))
            }
          />
        )}
        {current.kind === "enrolling" && <Enrolment step={current} confirm={confirm} onCancel={() => finish(null)} />}
        {current.kind === "codes" && <RecoveryCodes codes={current.codes} onDone={() => finish(note.value)} />}
      </div>
    </Card>
  );
}

/**
 * Sent here by an application that asks for two factors (`?next=`, from the sign-in page): set one
 * up, then sign in with it and go back to the application.
 */
function BackToTheApplication() {
  const { state } = useApp();
  if (!new URLSearchParams(location.search).has("next")) return null;
  const mfa = state.user.value?.mfa;
  const ready = mfa !== undefined && (mfa.totp || mfa.passkeys > 0);
  return (
    <Alert kind="info" class="security-next">
      {ready ? (
        <>
          {T.factorReady}{" "}
          <a href={`/signin?mfa=1&next=${encodeURIComponent(safeNext(location.search))}`}>{T.backToApplication}</a>
        </>
      ) : (
        T.applicationAsks
      )}
    </Alert>
  );
}

export function Security() {
  useTitle(L.security);
  return (
    <div class="grid security">
      <BackToTheApplication />
      <AuthenticatorApp />
      <Passkeys />
    </div>
  );
}
