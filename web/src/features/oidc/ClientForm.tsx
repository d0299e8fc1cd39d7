import { type Signal, useSignal } from "@preact/signals";
import type { Client } from "../../../../src/oidc/model.ts";
import { Alert, Button } from "../../components/ui.tsx";
import { type ClientDraft, failed, useClientAdminActions } from "./admin-actions.ts";

const SCOPES = ["openid", "profile", "email", "roles", "offline_access"] as const;
const GRANTS: Array<[string, string]> = [
  ["authorization_code", "Sign-in (authorization code)"],
  ["refresh_token", "Refresh tokens"],
  ["client_credentials", "Client credentials (a service, no user)"],
];
const EMPTY: ClientDraft = {
  name: "",
  type: "confidential",
  redirect_uris: "",
  post_logout_redirect_uris: "",
  scopes: ["openid", "profile", "email", "offline_access"],
  grant_types: ["authorization_code", "refresh_token"],
  resources: "",
  first_party: false,
  home_url: "",
  backchannel_logout_uri: "",
};
const draftOf = (client: Client): ClientDraft => ({
  name: client.name,
  type: client.type,
  redirect_uris: client.redirect_uris.join("\n"),
  post_logout_redirect_uris: client.post_logout_redirect_uris.join("\n"),
  scopes: client.scopes.split(" "),
  grant_types: client.grant_types,
  resources: client.resources.join("\n"),
  first_party: client.first_party,
  home_url: client.home_url ?? "",
  backchannel_logout_uri: client.backchannel_logout_uri ?? "",
});

function TextArea(props: { id: string; label: string; hint: string; value: Signal<string>; error?: string }) {
  const note = `${props.id}-${props.error ? "error" : "hint"}`;
  return (
    <div class={`field ${props.error ? "has-error" : ""}`}>
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={2}
        value={props.value.value}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={note}
        onInput={(e) => (props.value.value = e.currentTarget.value)}
      />
      <p class={props.error ? "field-error" : "field-hint"} id={note}>
        {props.error ?? props.hint}
      </p>
    </div>
  );
}

/** Register a client, or change one (`editing`). */
export function ClientForm(props: {
  editing: Client | null;
  onDone(client: Client, secret?: string): void;
  onCancel(): void;
}) {
  const admin = useClientAdminActions();
  const start = props.editing ? draftOf(props.editing) : EMPTY;
  const name = useSignal(start.name);
  const type = useSignal(start.type);
  const redirects = useSignal(start.redirect_uris);
  const logoutRedirects = useSignal(start.post_logout_redirect_uris);
  const scopes = useSignal(start.scopes);
  const grants = useSignal(start.grant_types);
  const resources = useSignal(start.resources);
  const firstParty = useSignal(start.first_party);
  const home = useSignal(start.home_url);
  const backchannel = useSignal(start.backchannel_logout_uri);
  const errors = useSignal<Record<string, string>>({});
  const alert = useSignal<string | null>(null);
  const busy = useSignal(false);
  const toggle = (list: Signal<string[]>, value: string) => {
    list.value = list.value.includes(value) ? list.value.filter((v) => v !== value) : [...list.value, value];
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    alert.value = null;
    const draft: ClientDraft = {
      name: name.value,
      type: type.value,
      redirect_uris: redirects.value,
      post_logout_redirect_uris: logoutRedirects.value,
      scopes: scopes.value,
      grant_types: grants.value,
      resources: resources.value,
      first_party: firstParty.value,
      home_url: home.value,
      backchannel_logout_uri: backchannel.value,
    };
    const result = await admin.save(props.editing?.client_id ?? null, draft);
    busy.value = false;
    if (failed(result)) {
      errors.value = Object.fromEntries(
        result.errors.map((e) => [e.field.replace(/^\//, "").split(/[[/]/)[0] as string, e.message]),
      );
      alert.value = result.msg;
      setTimeout(() => document.querySelector<HTMLElement>(".client-form [aria-invalid='true']")?.focus(), 0);
      return;
    }
    props.onDone(result.client, result.client_secret);
  };
  const error = (field: string) => errors.value[field];
  return (
    <form
      class="client-form"
      onSubmit={submit}
      noValidate
      aria-label={props.editing ? "Change the application" : "Register an application"}
    >
      {alert.value && <Alert kind="error">{alert.value}</Alert>}
      <div class={`field ${error("name") ? "has-error" : ""}`}>
        <label for="client-name">Name</label>
        <input
          id="client-name"
          value={name.value}
          onInput={(e) => (name.value = e.currentTarget.value)}
          aria-invalid={error("name") ? "true" : undefined}
        />
        {error("name") && <p class="field-error">{error("name")}</p>}
      </div>
      <div class="field">
        <label for="client-type">Type</label>
        <select
          id="client-type"
          value={type.value}
          disabled={props.editing !== null}
          onChange={(e) => (type.value = e.currentTarget.value as ClientDraft["type"])}
        >
          <option value="confidential">Confidential: a server keeps a secret</option>
          <option value="public">Public: a browser or mobile app, no secret</option>
        </select>
      </div>
      <TextArea
        id="client-redirects"
        label="Redirect URIs"
        hint="One per line: https://, or http:// on localhost."
        value={redirects}
        error={error("redirect_uris")}
      />
      <fieldset class="choices">
        <legend>What it may ask for</legend>
        {SCOPES.map((scope) => (
          <label class="check" key={scope}>
            <input type="checkbox" checked={scopes.value.includes(scope)} onChange={() => toggle(scopes, scope)} />{" "}
            {scope}
          </label>
        ))}
        {error("scopes") && <p class="field-error">{error("scopes")}</p>}
      </fieldset>
      <fieldset class="choices">
        <legend>Grants</legend>
        {GRANTS.map(([grant, label]) => (
          <label class="check" key={grant}>
            <input type="checkbox" checked={grants.value.includes(grant)} onChange={() => toggle(grants, grant)} />{" "}
            {label}
          </label>
        ))}
        {error("grant_types") && <p class="field-error">{error("grant_types")}</p>}
      </fieldset>
      <label class="check">
        <input type="checkbox" checked={firstParty.value} onChange={() => (firstParty.value = !firstParty.value)} />{" "}
        First party: users are not asked to allow it
      </label>
      <TextArea
        id="client-resources"
        label="APIs it may ask tokens for"
        hint="Optional; one absolute URI per line."
        value={resources}
        error={error("resources")}
      />
      <TextArea
        id="client-logout-redirects"
        label="After sign-out, back to"
        hint="Optional; one per line."
        value={logoutRedirects}
        error={error("post_logout_redirect_uris")}
      />
      <div class={`field ${error("home_url") ? "has-error" : ""}`}>
        <label for="client-home">Home page</label>
        <input
          id="client-home"
          value={home.value}
          onInput={(e) => (home.value = e.currentTarget.value)}
          aria-invalid={error("home_url") ? "true" : undefined}
        />
        {error("home_url") && <p class="field-error">{error("home_url")}</p>}
      </div>
      <div class={`field ${error("backchannel_logout_uri") ? "has-error" : ""}`}>
        <label for="client-backchannel">Back-channel logout URI</label>
        <input
          id="client-backchannel"
          value={backchannel.value}
          onInput={(e) => (backchannel.value = e.currentTarget.value)}
          aria-invalid={error("backchannel_logout_uri") ? "true" : undefined}
        />
        {error("backchannel_logout_uri") && <p class="field-error">{error("backchannel_logout_uri")}</p>}
      </div>
      <div class="button-row">
        <Button busy={busy.value}>{props.editing ? "Save" : "Register"}</Button>
        {props.editing && (
          <Button kind="ghost" type="button" onClick={props.onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
