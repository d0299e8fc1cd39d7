import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { ConnectedApp } from "../../../../src/oidc/model.ts";
import { ConfirmAction } from "../../components/ConfirmAction.tsx";
import { Alert, Card } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { exactTime } from "../../time.ts";
import { useConnectedAppActions } from "./actions.ts";
import { OIDC_LABELS as L } from "./labels.ts";
import { OIDC_TEXT as T } from "./messages.ts";

function AppRow({ app, onGone }: { app: ConnectedApp; onGone: (msg: string) => void }) {
  const appActions = useConnectedAppActions();
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);

  const disconnect = async () => {
    busy.value = true;
    const result = await appActions.disconnect(app.client_id);
    busy.value = false;
    if ("status" in result) error.value = result.msg;
    else onGone(result.msg);
  };
  const id = `app-${app.client_id}`;
  return (
    <li class="app" aria-labelledby={id}>
      <div class="app-main">
        <h3 id={id} class="app-name">
          {app.name}
        </h3>
        {app.home_url && (
          <a class="app-home" href={app.home_url} rel="noopener noreferrer" target="_blank">
            {app.home_url}
          </a>
        )}
        <ul class="scope-list" aria-label={T.maySee(app.name)}>
          {app.scopes.map((scope) => (
            <li key={scope.scope}>{scope.description}</li>
          ))}
        </ul>
        <dl class="app-facts">
          <div>
            <dt>{T.allowed}</dt>
            <dd>
              <time dateTime={app.allowed_at}>{exactTime(app.allowed_at)}</time>
            </dd>
          </div>
          <div>
            <dt>{T.lastUsed}</dt>
            <dd>
              <time dateTime={app.last_used_at}>{exactTime(app.last_used_at)}</time>
            </dd>
          </div>
        </dl>
        {error.value && <Alert kind="error">{error.value}</Alert>}
      </div>
      <div class="app-action">
        <ConfirmAction
          label={T.disconnectStart}
          question={T.disconnectQuestion(app.name)}
          confirm={T.disconnect}
          busy={busy.value}
          onConfirm={() => void disconnect()}
        />
      </div>
    </li>
  );
}

/** The applications the user allowed, what each may see, and a way to disconnect each. */
export function ConnectedApps() {
  const { actions } = useApp();
  const appActions = useConnectedAppActions();
  const apps = useSignal<ConnectedApp[] | null>(null);
  const message = useSignal<{ kind: "error" | "success"; text: string } | null>(null);
  const load = async () => {
    const result = await appActions.apps();
    if ("status" in result) message.value = { kind: "error", text: result.msg };
    else apps.value = result;
  };
  useEffect(() => {
    void load();
  }, []);
  const gone = (msg: string) => {
    message.value = { kind: "success", text: msg };
    actions.announce(msg);
    void load();
  };
  return (
    <Card title={T.appsYouAllowed} class="span-12">
      <p class="muted">{T.eachSeesListed}</p>
      {message.value && <Alert kind={message.value.kind}>{message.value.text}</Alert>}
      {apps.value === null ? (
        <p class="muted">{APP_MESSAGES.loading}</p>
      ) : apps.value.length === 0 ? (
        <p>{T.noAppConnected}</p>
      ) : (
        <ul class="apps" aria-label={L.connectedApps}>
          {apps.value.map((app) => (
            <AppRow key={app.client_id} app={app} onGone={gone} />
          ))}
        </ul>
      )}
    </Card>
  );
}
