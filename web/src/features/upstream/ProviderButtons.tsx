import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { UpstreamInfo } from "../../../../src/upstream/model.ts";
import { Alert } from "../../components/ui.tsx";
import { safeNext } from "../../router.ts";
import { providerError, startUrl, useUpstreamActions } from "./actions.ts";
import { UPSTREAM_TEXT as T } from "./messages.ts";

/**
 * Under the sign-in and sign-up forms: one button per provider, with its name (a provider that
 * cannot be reached now is shown, not usable), and why the last trip to one did not sign in.
 */
export function ProviderButtons() {
  const upstream = useUpstreamActions();
  const providers = useSignal<UpstreamInfo[]>([]);
  useEffect(() => {
    void upstream.providers().then((list) => (providers.value = list));
  }, []);
  const query = new URLSearchParams(location.search);
  const failed = providers.value.find((p) => p.id === query.get("provider"));
  const error = providerError(query.get("provider_error"), failed?.name ?? T.theProvider);
  if (providers.value.length === 0 && !error) return null;
  const next = safeNext(location.search);
  return (
    <section class="provider-sign-in" aria-label={T.withAnotherAccount}>
      <p class="divider">
        <span>{T.or}</span>
      </p>
      {error && <Alert kind="error">{error}</Alert>}
      <ul class="provider-buttons">
        {providers.value.map((provider) => (
          <li key={provider.id}>
            {provider.available ? (
              <a class="btn btn-ghost" href={startUrl(provider.id, next)}>
                {T.continueWith(provider.name)}
              </a>
            ) : (
              <button type="button" class="btn btn-ghost" disabled aria-describedby={`unavailable-${provider.id}`}>
                {T.continueWith(provider.name)}
              </button>
            )}
            {!provider.available && (
              <span class="muted provider-note" id={`unavailable-${provider.id}`}>
                {T.cannotBeReached(provider.name)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
