import { useComputed, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useApp } from "../context.ts";
import { PAGE_MESSAGES as T } from "../page-messages.ts";
import { locale } from "../time.ts";
import { ClockIcon } from "./icons.tsx";
import { Button, Card } from "./ui.tsx";

/** A countdown as m:ss, never below zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** Every moment on this card in one format: the time of day to the second, the date too when not today. */
const time = (ms: number) => {
  const at = new Date(ms);
  const clock = at.toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return at.toDateString() === new Date().toDateString()
    ? clock
    : `${at.toLocaleDateString(locale(), { dateStyle: "medium" })}, ${clock}`;
};

/**
 * How long this sign-in lasts, live: the time until an idle session ends, which jumps back up when
 * using the page renews it, and the latest moment at which a new sign-in is needed whatever the
 * use. The countdown is not a live region: a screen reader is told of changes (SessionWarning and
 * the announcements), not of every second.
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

  const session = state.session.value;
  const recentlyRefreshed = session?.refreshedAt != null && now.value - session.refreshedAt < 5000;
  const check = async () => {
    checking.value = true;
    await actions.checkSession();
    checking.value = false;
  };

  return (
    <Card title={T.session} class="session-card">
      {session && remaining.value !== null ? (
        <>
          <div class={`countdown ${recentlyRefreshed ? "flash" : ""}`}>
            <ClockIcon size={28} />
            <div>
              <span class="countdown-value" data-testid="countdown">
                {formatDuration(remaining.value)}
              </span>
              <span class="countdown-label">{T.untilSignedOut}</span>
            </div>
          </div>
          <dl class="facts">
            <div>
              <dt>{T.idleAt}</dt>
              <dd>{time(session.tokenExpiresAt)}</dd>
            </div>
            <div>
              <dt>{T.lastRenewed}</dt>
              <dd data-testid="refreshed">
                {session.refreshedAt
                  ? `${time(session.refreshedAt)}${recentlyRefreshed ? ` · ${T.justNow}` : ""}`
                  : T.notYet}
              </dd>
            </div>
            <div>
              <dt>{T.signInAgainBy}</dt>
              <dd>{time(session.sessionExpiresAt)}</dd>
            </div>
          </dl>
          <p class="muted small">{T.keepsYouSignedIn}</p>
        </>
      ) : (
        <p class="muted">{T.checkingSession}</p>
      )}
      <Button kind="ghost" type="button" busy={checking.value} onClick={() => void check()}>
        {T.checkSessionNow}
      </Button>
    </Card>
  );
}
