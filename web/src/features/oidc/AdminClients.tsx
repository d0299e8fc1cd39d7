import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { Client } from "../../../../src/oidc/model.ts";
import type { ApiError } from "../../api.ts";
import { Alert, Button, Card, WithStrong } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { PAGE_MESSAGES } from "../../page-messages.ts";
import { failed, useClientAdminActions } from "./admin-actions.ts";
import { ClientForm } from "./ClientForm.tsx";
import { OIDC_LABELS as L } from "./labels.ts";
import { OIDC_TEXT as T } from "./messages.ts";

/** A secret shown this once: selectable, and copied with one button. */
function SecretOnce({ name, secret }: { name: string; secret: string }) {
  const copied = useSignal(false);
  return (
    <Alert kind="success" focusable>
      <WithStrong text={T.copySecretNow(name)} part={name} />
      <span class="secret-once">
        <input aria-label={T.secretOf(name)} readOnly value={secret} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          class="link-button"
          onClick={() => void navigator.clipboard?.writeText(secret).then(() => (copied.value = true))}
        >
          {copied.value ? T.copied : T.copy}
        </button>
      </span>
    </Alert>
  );
}

/** One client: what it is, and its actions (edit, a new secret, delete), each confirmed. */
function ClientRow(props: {
  client: Client;
  onEdit(): void;
  onSecret(secret: string): void;
  onGone(msg: string): void;
}) {
  const admin = useClientAdminActions();
  const { client } = props;
  const asking = useSignal<"secret" | "delete" | null>(null);
  const revokeOld = useSignal(false);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const confirmRef = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (asking.value) confirmRef.current?.querySelector("button")?.focus();
  }, [asking.value]);
  const act = async () => {
    busy.value = true;
    const result: ApiError | { msg: string } | { client_secret: string } =
      asking.value === "delete"
        ? await admin.remove(client.client_id)
        : await admin.rotate(client.client_id, revokeOld.value);
    busy.value = false;
    if (failed(result)) {
      error.value = result.msg;
      return;
    }
    asking.value = null;
    if ("client_secret" in result) props.onSecret(result.client_secret);
    else props.onGone(result.msg);
  };
  const id = `client-${client.client_id}`;
  return (
    <li class="app" aria-labelledby={id}>
      <div class="app-main">
        <h3 id={id} class="app-name">
          {client.name} <span class="badge">{client.type === "public" ? T.typePublic : T.typeConfidential}</span>
          {client.first_party && <span class="badge">{T.firstParty}</span>}
        </h3>
        <dl class="app-facts">
          <div>
            <dt>{T.clientId}</dt>
            <dd class="mono">{client.client_id}</dd>
          </div>
          <div>
            <dt>{T.scopes}</dt>
            <dd>{client.scopes}</dd>
          </div>
        </dl>
        <ul class="scope-list" aria-label={T.redirectUrisOf(client.name)}>
          {client.redirect_uris.map((uri) => (
            <li key={uri} class="mono">
              {uri}
            </li>
          ))}
        </ul>
        {error.value && <Alert kind="error">{error.value}</Alert>}
      </div>
      <div class="app-action">
        {asking.value ? (
          <fieldset ref={confirmRef} class="confirm">
            <legend>{asking.value === "delete" ? T.deleteQuestion(client.name) : T.secretQuestion(client.name)}</legend>
            {asking.value === "secret" && (
              <label class="check">
                <input
                  type="checkbox"
                  checked={revokeOld.value}
                  onChange={() => (revokeOld.value = !revokeOld.value)}
                />{" "}
                {T.stopOldSecret}
              </label>
            )}
            <div class="button-row">
              <Button
                kind={asking.value === "delete" ? "danger" : "primary"}
                type="button"
                busy={busy.value}
                onClick={() => void act()}
              >
                {asking.value === "delete" ? T.delete : T.makeNewSecret}
              </Button>
              <Button kind="ghost" type="button" onClick={() => (asking.value = null)}>
                {PAGE_MESSAGES.cancel}
              </Button>
            </div>
          </fieldset>
        ) : (
          <div class="button-row">
            <Button kind="ghost" type="button" onClick={props.onEdit}>
              {T.edit}
            </Button>
            {client.type === "confidential" && (
              <Button kind="ghost" type="button" onClick={() => (asking.value = "secret")}>
                {T.newSecretStart}
              </Button>
            )}
            <Button kind="danger" type="button" onClick={() => (asking.value = "delete")}>
              {T.deleteStart}
            </Button>
          </div>
        )}
      </div>
    </li>
  );
}

/** The admin's page of the OpenID provider's clients: register, change, new secret, delete. */
export function AdminClients() {
  const { actions } = useApp();
  const admin = useClientAdminActions();
  const clients = useSignal<Client[] | null>(null);
  const editing = useSignal<Client | null>(null);
  const secret = useSignal<{ name: string; secret: string } | null>(null);
  const message = useSignal<{ kind: "error" | "success"; text: string } | null>(null);
  const formKey = useSignal(0);
  const load = async () => {
    const result = await admin.list();
    if ("status" in result) message.value = { kind: "error", text: result.msg };
    else clients.value = result;
  };
  useEffect(() => {
    void load();
  }, []);
  const done = (client: Client, clientSecret?: string) => {
    message.value = { kind: "success", text: editing.value ? T.saved(client.name) : T.registered(client.name) };
    actions.announce(message.value.text);
    secret.value = clientSecret ? { name: client.name, secret: clientSecret } : null;
    editing.value = null;
    formKey.value++;
    void load();
  };
  return (
    <div class="grid">
      <Card title={T.signInHere} class="span-12">
        <p class="muted">
          {T.findsServerAt} <span class="mono">/.well-known/openid-configuration</span>
          {T.findsServerAfter}
        </p>
        {secret.value && <SecretOnce name={secret.value.name} secret={secret.value.secret} />}
        {message.value && !secret.value && <Alert kind={message.value.kind}>{message.value.text}</Alert>}
        {clients.value === null ? (
          <p class="muted">{APP_MESSAGES.loading}</p>
        ) : clients.value.length === 0 ? (
          <p>{T.noneRegistered}</p>
        ) : (
          <ul class="apps" aria-label={L.applications}>
            {clients.value.map((client) => (
              <ClientRow
                key={client.client_id}
                client={client}
                onEdit={() => {
                  editing.value = client;
                  formKey.value++;
                  setTimeout(() => document.getElementById("client-name")?.focus(), 0);
                }}
                onSecret={(value) => {
                  secret.value = { name: client.name, secret: value };
                }}
                onGone={(text) => {
                  secret.value = null;
                  message.value = { kind: "success", text };
                  actions.announce(text);
                  void load();
                }}
              />
            ))}
          </ul>
        )}
      </Card>
      <Card title={editing.value ? T.changeNamed(editing.value.name) : T.register} class="span-12">
        <ClientForm key={formKey.value} editing={editing.value} onDone={done} onCancel={() => (editing.value = null)} />
      </Card>
    </div>
  );
}
