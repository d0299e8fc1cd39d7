import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { ConsentDetails } from "../../../../src/oidc/model.ts";
import { Alert, Button, Card } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { leaveFor } from "../../router.ts";
import { useConnectedAppActions } from "./actions.ts";
import { CONSENT } from "./index.ts";

/** A home page shown as its host only: what the user can check at a glance. */
const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * An application asks to use the account: who it is, what it asks in words, Allow or Deny. The
 * answer goes back to the provider, which sends the browser on to the application.
 */
export function Consent() {
  const { state } = useApp();
  const appActions = useConnectedAppActions();
  const uid = CONSENT.exec(state.pathname.value)?.[1] ?? "";
  const details = useSignal<ConsentDetails | null>(null);
  const error = useSignal<string | null>(null);
  const busy = useSignal<"allow" | "deny" | null>(null);

  useEffect(() => {
    void appActions.consentDetails(uid).then((result) => {
      if ("status" in result) error.value = result.msg;
      else details.value = result;
    });
  }, [uid]);

  const answer = async (allow: boolean) => {
    busy.value = allow ? "allow" : "deny";
    error.value = null;
    const result = await appActions.answer(uid, allow);
    if ("status" in result) {
      busy.value = null;
      error.value = result.msg;
      return;
    }
    leaveFor(result.redirect);
  };

  if (error.value && !details.value) {
    return (
      <Card title="This request cannot go on" class="span-12 consent">
        <Alert kind="error">{error.value}</Alert>
        <p>
          <a href="/">Go to your dashboard</a>
        </p>
      </Card>
    );
  }
  const asked = details.value;
  if (!asked) return <p class="muted">Loading the request…</p>;
  return (
    <Card title={`Allow ${asked.client.name} to use your account?`} class="span-12 consent">
      {asked.client.home_url && (
        <p class="consent-home">
          Its home page:{" "}
          <a href={asked.client.home_url} rel="noopener noreferrer" target="_blank">
            {hostOf(asked.client.home_url)}
          </a>
        </p>
      )}
      <p>It asks to:</p>
      <ul class="scope-list">
        {asked.scopes.map((scope) => (
          <li key={scope.scope}>{scope.description}</li>
        ))}
      </ul>
      <p class="muted">
        It never sees your password. You can disconnect it at any time under <a href="/apps">Connected apps</a>.
      </p>
      {error.value && <Alert kind="error">{error.value}</Alert>}
      <div class="button-row">
        <Button
          type="button"
          busy={busy.value === "allow"}
          disabled={busy.value !== null}
          onClick={() => void answer(true)}
        >
          Allow
        </Button>
        <Button
          type="button"
          kind="ghost"
          busy={busy.value === "deny"}
          disabled={busy.value !== null}
          onClick={() => void answer(false)}
        >
          Deny
        </Button>
      </div>
    </Card>
  );
}
