import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Alert, Button } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { PAGES, takeLinkToken } from "../../router.ts";
import { useEmailActions } from "./actions.ts";
import { EMAIL_LABELS as L } from "./labels.ts";
import { EMAIL_TEXT as T } from "./messages.ts";

type Outcome = { kind: "working" } | { kind: "done"; text: string } | { kind: "failed"; text: string };

/**
 * The page a confirmation link opens: it confirms at once (the token from the fragment, taken
 * once) and says how it went; a used or expired link offers a new one to a signed-in user.
 */
export function VerifyEmail() {
  useTitle(L.confirmAddress);
  const { state, actions } = useApp();
  const email = useEmailActions();
  const token = useMemo(() => takeLinkToken(), []);
  const outcome = useSignal<Outcome>(token ? { kind: "working" } : { kind: "failed", text: T.verifyLinkIncomplete });
  const resent = useSignal<{ kind: "success" | "error"; text: string } | null>(null);
  const resending = useSignal(false);

  useEffect(() => {
    if (!token) return;
    void email.verifyEmail(token).then((result) => {
      outcome.value = result.ok ? { kind: "done", text: result.data.msg } : { kind: "failed", text: result.error.msg };
      actions.announce(outcome.value.kind === "done" ? outcome.value.text : "");
    });
  }, [token]);

  const resend = async () => {
    resending.value = true;
    const result = await email.resendVerification();
    resending.value = false;
    resent.value = result.ok ? { kind: "success", text: result.data.msg } : { kind: "error", text: result.error.msg };
  };

  const signedIn = state.signedIn.value;
  const current = outcome.value;
  return (
    <AuthLayout
      title={L.confirmAddress}
      subtitle={T.howItGetsBackIn}
      footer={signedIn ? <a href={PAGES.dashboard}>{T.goToDashboard}</a> : <a href={PAGES.signIn}>{T.signIn}</a>}
    >
      {current.kind === "working" && (
        <div class="loading" role="status">
          <span class="spinner" aria-hidden="true" /> {T.confirming}
        </div>
      )}
      {current.kind === "done" && <Alert kind="success">{current.text}</Alert>}
      {current.kind === "failed" && <Alert kind="error">{current.text}</Alert>}
      {current.kind === "failed" &&
        signedIn &&
        state.user.value?.email_verified === false &&
        (resent.value ? (
          <Alert kind={resent.value.kind}>{resent.value.text}</Alert>
        ) : (
          <Button type="button" busy={resending.value} onClick={() => void resend()}>
            {resending.value ? T.sending : T.sendNewLink}
          </Button>
        ))}
      {current.kind === "failed" && !signedIn && <p class="muted">{T.signInForNewLink}</p>}
    </AuthLayout>
  );
}
