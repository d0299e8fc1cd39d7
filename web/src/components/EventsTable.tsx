import { describeAgent } from "../../../src/http/user-agent.ts";
import { eventLabel } from "../features.ts";
import type { ActivityEvent } from "../state.ts";
import { exactTime } from "../time.ts";

/** How a sign-in was proven, in words (the sessions list says the same). */
const METHOD_LABELS: Record<string, string> = {
  password: "password",
  "password+totp": "password and app code",
  "password+recovery_code": "password and recovery code",
  "password+remembered_device": "password on a remembered device",
  "password+passkey": "password and passkey",
  passkey: "passkey",
};

/** What followed another provider's sign-in, in words. */
const AFTER_PROVIDER: Record<string, string> = {
  totp: " and app code",
  recovery_code: " and recovery code",
  passkey: " and passkey",
  mfa: " (two factors there)",
};

/** A sign-in's method in words: `provider:corp+totp` is "corp and app code"; one unknown, as it is. */
export function methodLabel(method: string): string {
  const provider = /^provider:([a-z0-9-]+)(?:\+([a-z_]+))?$/.exec(method);
  if (provider) return `${provider[1]}${AFTER_PROVIDER[provider[2] ?? ""] ?? ""}`;
  return METHOD_LABELS[method] ?? method;
}

export function EventsTable({ events }: { events: ActivityEvent[] }) {
  if (events.length === 0) return <p class="muted">No activity yet.</p>;
  return (
    // A scrollable region must be reachable by keyboard to be scrolled: hence the tab stop and the name.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
    // biome-ignore lint/a11y/useSemanticElements: a <section> would add a landmark per table; the region is the scroller
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Security events, scrollable">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">When</th>
            <th scope="col">IP address</th>
            <th scope="col">Device</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event, i) => (
            <tr key={`${event.at}-${i}`}>
              <td data-label="Event">
                <span class={`badge badge-${event.type}`}>{eventLabel(event.type)}</span>
                {event.method && <span class="muted small"> with {methodLabel(event.method)}</span>}
              </td>
              <td data-label="When">
                <time dateTime={event.at}>{exactTime(event.at)}</time>
              </td>
              <td data-label="IP address" class="mono">
                {event.ip ?? "—"}
              </td>
              <td data-label="Device" title={event.user_agent ?? undefined}>
                {describeAgent(event.user_agent)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
