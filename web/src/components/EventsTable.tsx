import { deviceName } from "../../../src/http/user-agent.ts";
import { eventLabel } from "../features.ts";
import { PAGE_MESSAGES as T } from "../page-messages.ts";
import type { ActivityEvent } from "../state.ts";
import { exactTime } from "../time.ts";

/** How a sign-in was proven, in words (the sessions list says the same). */
const METHOD_LABELS: Record<string, () => string> = {
  password: () => T.methodPassword,
  "password+totp": () => T.methodPasswordTotp,
  "password+recovery_code": () => T.methodPasswordRecovery,
  "password+remembered_device": () => T.methodPasswordRemembered,
  "password+passkey": () => T.methodPasswordPasskey,
  passkey: () => T.methodPasskey,
};

/** What followed another provider's sign-in, in words. */
const AFTER_PROVIDER: Record<string, (provider: string) => string> = {
  totp: (provider) => T.afterProviderTotp(provider),
  recovery_code: (provider) => T.afterProviderRecovery(provider),
  passkey: (provider) => T.afterProviderPasskey(provider),
  mfa: (provider) => T.afterProviderMfa(provider),
};

/** A sign-in's method in words: `provider:corp+totp` is "corp and app code"; one unknown, as it is. */
export function methodLabel(method: string): string {
  const provider = /^provider:([a-z0-9-]+)(?:\+([a-z_]+))?$/.exec(method);
  if (provider) return AFTER_PROVIDER[provider[2] ?? ""]?.(provider[1] ?? "") ?? provider[1] ?? method;
  return METHOD_LABELS[method]?.() ?? method;
}

export function EventsTable({ events }: { events: ActivityEvent[] }) {
  if (events.length === 0) return <p class="muted">{T.noActivity}</p>;
  return (
    // A scrollable region must be reachable by keyboard to be scrolled: hence the tab stop and the name.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
    // biome-ignore lint/a11y/useSemanticElements: a <section> would add a landmark per table; the region is the scroller
    <div class="table-wrap" tabIndex={0} role="region" aria-label={T.scrollable(T.securityEvents)}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{T.event}</th>
            <th scope="col">{T.when}</th>
            <th scope="col">{T.ipAddress}</th>
            <th scope="col">{T.device}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event, i) => (
            <tr key={`${event.at}-${i}`}>
              <td data-label={T.event}>
                <span class={`badge badge-${event.type}`}>{eventLabel(event.type)}</span>
                {event.method && <span class="muted small"> {T.withMethod(methodLabel(event.method))}</span>}
              </td>
              <td data-label={T.when}>
                <time dateTime={event.at}>{exactTime(event.at)}</time>
              </td>
              <td data-label={T.ipAddress} class="mono">
                {event.ip ?? "—"}
              </td>
              <td data-label={T.device} title={event.user_agent ?? undefined}>
                {deviceName(event.user_agent)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
