import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { ConsentDetails } from "../../../../src/oidc/model.ts";
import { Alert, Button, Card } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { leaveFor } from "../../router.ts";
import { useConnectedAppActions } from "./actions.ts";
import { CONSENT } from "./index.ts";
import { OIDC_LABELS as L } from "./labels.ts";
import { OIDC_TEXT as T } from "./messages.ts";

/** A home page shown as its host only: what the user can check at a glance. */
const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * An application asks to use the account: who it is, what it asks in words, Allow or           {T.deny}. The
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
      <Card title={T.cannotGoOn} class="span-12 consent">
        <Alert kind="error">{error.value}</Alert>
        <p>
          <a href="/">{T.goToDashboard}</a>
        </p>
      </Card>
    );
  }
  const asked = details.value;
  if (!asked) return <p class="muted">{T.loadingRequest}</p>;
  return (
    <Card title={T.allowQuestion(asked.client.name)} class="span-12 consent">
      {asked.client.home_url && (
        <p class="consent-home">
          {T.homePage}{" "}
          <a href={asked.client.home_url} rel="noopener noreferrer" target="_blank">
            {hostOf(asked.client.home_url)}
          </a>
        </p>
      )}
      <p>{T.itAsksTo}</p>
      <ul class="scope-list">
        {asked.scopes.map((scope) => (
          <li key={scope.scope}>{scope.description}</li>
        ))}
      </ul>
      <p class="muted">
        {T.neverSeesPassword} <a href="/apps">{L.connectedApps}</a>
        {T.underConnectedApps}
      </p>
      {error.value && <Alert kind="error">{error.value}</Alert>}
      <div class="button-row">
        <Button
          type="button"
          busy={busy.value === "allow"}
          disabled={busy.value !== null}
          onClick={() => void answer(true)}
        >
          {T.allow}
        </Button>
        <Button
          type="button"
          kind="ghost"
          busy={busy.value === "deny"}
          disabled={busy.value !== null}
          onClick={() => void answer(false)}
        >
          {T.deny}
        </Button>
      </div>
    </Card>
  );
}
