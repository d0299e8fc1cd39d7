import { describeAgent } from "../../../src/http/user-agent.ts";
import type { ActivityEvent } from "../state.ts";
import "./EventsTable.css";

const EVENT_LABELS: Record<ActivityEvent["type"], string> = {
  signup: "Account created",
  login: "Signed in",
  login_failed: "Failed sign-in",
  logout: "Signed out",
  password_changed: "Password changed",
  profile_updated: "Profile updated",
  session_revoked: "Device signed out",
  sessions_revoked: "Other devices signed out",
  password_reset_requested: "Password reset asked for",
  password_reset: "Password reset by e-mail",
  email_verified: "E-mail address confirmed",
  totp_enabled: "Authenticator app set up",
  totp_disabled: "Authenticator app removed",
  recovery_codes_regenerated: "New recovery codes",
  recovery_code_used: "Recovery code used",
  passkey_added: "Passkey added",
  passkey_removed: "Passkey removed",
  mfa_failed: "Wrong two-factor code",
  account_locked: "Locked by an admin",
  account_unlocked: "Unlocked by an admin",
  role_changed: "Role changed by an admin",
  two_factor_reset: "Two-factor reset by an admin",
  device_remembered: "Device remembered for the code",
  device_forgotten: "Remembered device forgotten",
};

/** How a sign-in was proven, in words (the sessions list says the same). */
export const METHOD_LABELS: Record<string, string> = {
  password: "password",
  "password+totp": "password and app code",
  "password+recovery_code": "password and recovery code",
  "password+remembered_device": "password on a remembered device",
  passkey: "passkey",
};

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
                <span class={`badge badge-${event.type}`}>{EVENT_LABELS[event.type]}</span>
                {event.method && <span class="muted small"> with {METHOD_LABELS[event.method] ?? event.method}</span>}
              </td>
              <td data-label="When">
                <time dateTime={event.at}>
                  {new Date(event.at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}
                </time>
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
