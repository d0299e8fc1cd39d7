import { useComputed, useSignal, useSignalEffect } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useApp } from "../context.ts";
import { ClockIcon } from "./icons.tsx";
import { Button, Card } from "./ui.tsx";
import "./SessionCard.css";

/** A countdown as m:ss, never below zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

const time = (ms: number) =>
  new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/**
 * The access token's life, live: a countdown to its expiry that jumps back up when activity past
 * half its lifetime brings a refreshed token (the server's implicit refresh, seen from the page).
 */
export function SessionCard() {
  const { state, actions } = useApp();
  const now = useSignal(Date.now());
  const checking = useSignal(false);
  useEffect(() => {
    const timer = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const remaining = useComputed(() => (state.session.value ? state.session.value.tokenExpiresAt - now.value : null));
  // At zero the token is dead: ask the server, which signs the page out (or it was refreshed elsewhere).
  useSignalEffect(() => {
    if (remaining.value !== null && remaining.value <= 0) void actions.loadUser();
  });

  const session = state.session.value;
  const recentlyRefreshed = session?.refreshedAt != null && now.value - session.refreshedAt < 5000;
  const check = async () => {
    checking.value = true;
    await actions.loadUser();
    checking.value = false;
  };

  return (
    <Card title="Session" class="session-card">
      {session && remaining.value !== null ? (
        <>
          <div class={`countdown ${recentlyRefreshed ? "flash" : ""}`} aria-live="polite">
            <ClockIcon size={28} />
            <div>
              <span class="countdown-value" data-testid="countdown">
                {formatDuration(remaining.value)}
              </span>
              <span class="countdown-label">until this access token expires</span>
            </div>
          </div>
          <dl class="facts">
            <div>
              <dt>Token expires</dt>
              <dd>{time(session.tokenExpiresAt)}</dd>
            </div>
            <div>
              <dt>Last refresh</dt>
              <dd data-testid="refreshed">
                {session.refreshedAt
                  ? `${time(session.refreshedAt)}${recentlyRefreshed ? " · just now" : ""}`
                  : "not yet"}
              </dd>
            </div>
            <div>
              <dt>Sign-in needed by</dt>
              <dd>
                {new Date(session.sessionExpiresAt).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}
              </dd>
            </div>
          </dl>
          <p class="muted small">
            While you are active the token renews itself once it is past half its life; idle for its whole life and you
            sign in again.
          </p>
        </>
      ) : (
        <p class="muted">Checking your session…</p>
      )}
      <Button kind="ghost" type="button" busy={checking.value} onClick={() => void check()}>
        Check session now
      </Button>
    </Card>
  );
}
