import { useSignal } from "@preact/signals";
import type { Client } from "../../../../src/oidc/model.ts";
import { Alert, Button } from "../../components/ui.tsx";
import { PAGE_MESSAGES } from "../../page-messages.ts";
import { type ClientDraft, failed, useClientAdminActions } from "./admin-actions.ts";
import { OIDC_TEXT as T } from "./messages.ts";

const SCOPES = ["openid", "profile", "email", "roles", "offline_access"] as const;
const GRANTS = (): Array<[string, string]> => [
  ["authorization_code", T.grantCode],
  ["refresh_token", T.grantRefresh],
  ["client_credentials", T.grantClient],
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

/** A labelled text field (one line, or several), its hint or error tied to it for screen readers. */
function Text(props: {
  id: string;
  label: string;
  hint?: string;
  value: { value: string };
  error?: string;
  multiline?: boolean;
}) {
  const note = props.error || props.hint ? `${props.id}-note` : undefined;
  const control = {
    id: props.id,
    value: props.value.value,
    "aria-invalid": props.error ? ("true" as const) : undefined,
    "aria-describedby": note,
    onInput: (e: { currentTarget: { value: string } }) => (props.value.value = e.currentTarget.value),
  };
  return (
    <div class={`field ${props.error ? "has-error" : ""}`}>
      <label for={props.id}>{props.label}</label>
      {props.multiline ? <textarea rows={2} {...control} /> : <input {...control} />}
      {note && (
        <p class={props.error ? "field-error" : "field-hint"} id={note}>
          {props.error ?? props.hint}
        </p>
      )}
    </div>
  );
}

/** Checkboxes for the values of a list (scopes, grants). */
function Checks(props: {
  legend: string;
  options: ReadonlyArray<readonly [string, string]>;
  list: { value: string[] };
  error?: string;
}) {
  const toggle = (value: string) => {
    const list = props.list.value;
    props.list.value = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  };
  return (
    <fieldset class="choices">
      <legend>{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <label class="check" key={value}>
          <input type="checkbox" checked={props.list.value.includes(value)} onChange={() => toggle(value)} /> {label}
        </label>
      ))}
      {props.error && <p class="field-error">{props.error}</p>}
    </fieldset>
  );
}

/** Register a client, or change one (`editing`). */
export function ClientForm(props: {
  editing: Client | null;
  onDone(client: Client, secret?: string): void;
  onCancel(): void;
}) {
  const admin = useClientAdminActions();
  const draft = useSignal<ClientDraft>(props.editing ? draftOf(props.editing) : EMPTY);
  /** One field of the draft, as the fields below take it. */
  const bind = <K extends keyof ClientDraft>(key: K): { value: ClientDraft[K] } => ({
    get value() {
      return draft.value[key];
    },
    set value(next) {
      draft.value = { ...draft.value, [key]: next };
    },
  });
  const type = bind("type");
  const firstParty = bind("first_party");
  const errors = useSignal<Record<string, string>>({});
  const alert = useSignal<string | null>(null);
  const busy = useSignal(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    alert.value = null;
    const result = await admin.save(props.editing?.client_id ?? null, draft.value);
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
      aria-label={props.editing ? T.changeApplication : T.register}
    >
      {alert.value && <Alert kind="error">{alert.value}</Alert>}
      <Text id="client-name" label={T.name} value={bind("name")} error={error("name")} />
      <div class="field">
        <label for="client-type">{T.type}</label>
        <select
          id="client-type"
          value={type.value}
          disabled={props.editing !== null}
          onChange={(e) => (type.value = e.currentTarget.value as ClientDraft["type"])}
        >
          <option value="confidential">{T.confidential}</option>
          <option value="public">{T.public}</option>
        </select>
      </div>
      <Text
        id="client-redirects"
        label={T.redirectUris}
        hint={T.redirectHint}
        value={bind("redirect_uris")}
        error={error("redirect_uris")}
        multiline
      />
      <Checks
        legend={T.mayAskFor}
        options={SCOPES.map((scope) => [scope, scope] as const)}
        list={bind("scopes")}
        error={error("scopes")}
      />
      <Checks legend={T.grants} options={GRANTS()} list={bind("grant_types")} error={error("grant_types")} />
      <label class="check">
        <input type="checkbox" checked={firstParty.value} onChange={() => (firstParty.value = !firstParty.value)} />{" "}
        {T.firstPartyNotAsked}
      </label>
      <Text
        id="client-resources"
        label={T.resources}
        hint={T.resourcesHint}
        value={bind("resources")}
        error={error("resources")}
        multiline
      />
      <Text
        id="client-logout-redirects"
        label={T.afterSignOut}
        hint={T.afterSignOutHint}
        value={bind("post_logout_redirect_uris")}
        error={error("post_logout_redirect_uris")}
        multiline
      />
      <Text id="client-home" label={T.home} value={bind("home_url")} error={error("home_url")} />
      <Text
        id="client-backchannel"
        label={T.backchannel}
        value={bind("backchannel_logout_uri")}
        error={error("backchannel_logout_uri")}
      />
      <div class="button-row">
        <Button busy={busy.value}>{props.editing ? T.save : T.registerShort}</Button>
        {props.editing && (
          <Button kind="ghost" type="button" onClick={props.onCancel}>
            {PAGE_MESSAGES.cancel}
          </Button>
        )}
      </div>
    </form>
  );
}
