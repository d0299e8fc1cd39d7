import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { LinkedProvider, LinkedProvidersResponse, UpstreamInfo } from "../../../../src/upstream/model.ts";
import { csrfValue } from "../../api.ts";
import { ConfirmAction } from "../../components/ConfirmAction.tsx";
import { Alert, Card } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { exactTime } from "../../time.ts";
import { providerError, startUrl, useUpstreamActions } from "./actions.ts";
import { UPSTREAM_TEXT as T } from "./messages.ts";

type Message = { kind: "error" | "success"; text: string };

/** What the trip back from a provider said (`?provider_linked=` or `?provider_error=`), read once. */
function arrivedWith(providers: readonly UpstreamInfo[]): Message | null {
  const query = new URLSearchParams(location.search);
  const id = query.get("provider_linked") ?? query.get("provider");
  const name = providers.find((p) => p.id === id)?.name ?? id ?? T.theProvider;
  if (query.has("provider_linked")) return { kind: "success", text: T.linkedNow(name) };
  const error = providerError(query.get("provider_error"), name);
  return error ? { kind: "error", text: error } : null;
}

function LinkedRow({ linked, onDone }: { linked: LinkedProvider; onDone: (message: Message) => void }) {
  const upstream = useUpstreamActions();
  const busy = useSignal(false);
  const unlink = async () => {
    busy.value = true;
    const result = await upstream.unlink(linked.id);
    busy.value = false;
    onDone("status" in result ? { kind: "error", text: result.msg } : { kind: "success", text: result.msg });
  };
  const id = `method-${linked.id}`;
  return (
    <li class="method" aria-labelledby={id}>
      <div class="method-main">
        <h3 id={id} class="method-name">
          {linked.name}
        </h3>
        <p class="method-facts muted">
          {T.linkedAt(linked.email ?? linked.subject)}{" "}
          <time dateTime={linked.linked_at}>{exactTime(linked.linked_at)}</time>
          {linked.last_used_at && (
            <>
              {" "}
              {T.lastUsed} <time dateTime={linked.last_used_at}>{exactTime(linked.last_used_at)}</time>
            </>
          )}
        </p>
      </div>
      <ConfirmAction
        label={T.unlinkStart}
        question={T.unlinkQuestion(linked.name)}
        confirm={T.unlink}
        busy={busy.value}
        onConfirm={() => void unlink()}
      />
    </li>
  );
}

/**
 * Profile's "Sign-in methods": the password (set or not), the providers linked (when, last used),
 * unlink (the server refuses the last way in), and a button to link each other provider.
 */
export function SignInMethods() {
  const { actions } = useApp();
  const upstream = useUpstreamActions();
  const providers = useSignal<UpstreamInfo[]>([]);
  const linked = useSignal<LinkedProvidersResponse | null>(null);
  const message = useSignal<Message | null>(null);
  const load = async () => {
    const result = await upstream.linked();
    if ("status" in result) message.value = { kind: "error", text: result.msg };
    else linked.value = result;
  };
  useEffect(() => {
    void upstream.providers().then((list) => {
      providers.value = list;
      message.value = arrivedWith(list);
      if (message.value) history.replaceState(history.state, "", location.pathname);
    });
    void load();
  }, []);
  const done = (result: Message) => {
    message.value = result;
    actions.announce(result.text);
    void load();
  };
  const mine = linked.value?.providers ?? [];
  // A server with no providers, and an account with no links: nothing to show.
  if (providers.value.length === 0 && mine.length === 0) return null;
  const others = providers.value.filter((p) => !mine.some((m) => m.id === p.id));
  return (
    <Card title={T.signInMethods} class="span-12">
      {message.value && <Alert kind={message.value.kind}>{message.value.text}</Alert>}
      {linked.value && <p>{linked.value.password_set ? T.passwordSet : T.passwordNotSet}</p>}
      {mine.length > 0 && (
        <ul class="methods" aria-label={T.linkedProviders}>
          {mine.map((m) => (
            <LinkedRow key={m.id} linked={m} onDone={done} />
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <div class="method-actions">
          {others.map((p) =>
            p.available ? (
              <a
                key={p.id}
                class="btn btn-ghost"
                href={startUrl(p.id, "/profile")}
                onClick={(event) => (event.currentTarget.href = startUrl(p.id, "/profile", csrfValue()))}
              >
                {T.linkYour(p.name)}
              </a>
            ) : (
              <button key={p.id} type="button" class="btn btn-ghost" disabled>
                {T.linkYourUnavailable(p.name)}
              </button>
            ),
          )}
        </div>
      )}
    </Card>
  );
}
