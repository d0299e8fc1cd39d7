import { useSignal } from "@preact/signals";
import { Alert, WithStrong } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { useEmailActions } from "./actions.ts";
import { EMAIL_TEXT as T } from "./messages.ts";

const DISMISSED = "datta.verify-banner-dismissed";

/**
 * For a signed-in user whose address is not confirmed: a reminder with "Send a new link", which
 * can be dismissed (for this address, until the tab is closed).
 */
export function VerifyBanner() {
  const { state } = useApp();
  const email = useEmailActions();
  const user = state.user.value;
  const dismissed = useSignal(sessionStorage.getItem(DISMISSED));
  const sending = useSignal(false);
  const answer = useSignal<{ kind: "success" | "error"; text: string } | null>(null);
  if (!user || user.email_verified || dismissed.value === user.email) return null;

  const dismiss = () => {
    sessionStorage.setItem(DISMISSED, user.email);
    dismissed.value = user.email;
    document.getElementById("main")?.focus();
  };
  const resend = async () => {
    sending.value = true;
    const result = await email.resendVerification();
    sending.value = false;
    answer.value = result.ok ? { kind: "success", text: result.data.msg } : { kind: "error", text: result.error.msg };
  };

  return (
    <Alert kind={answer.value?.kind === "error" ? "error" : "info"} class="verify-banner" onDismiss={dismiss}>
      {answer.value ? (
        answer.value.text
      ) : (
        <>
          <WithStrong text={T.confirmReminder(user.email)} part={user.email} />{" "}
          <button type="button" class="link-button" disabled={sending.value} onClick={() => void resend()}>
            {sending.value ? T.sending : T.sendNewLink}
          </button>
        </>
      )}
    </Alert>
  );
}
