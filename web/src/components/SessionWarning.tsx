import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useApp } from "../context.ts";
import { PAGE_MESSAGES as T } from "../page-messages.ts";
import { locale } from "../time.ts";
import { formatDuration } from "./SessionCard.tsx";
import { Button } from "./ui.tsx";

const clock = (ms: number) => new Date(ms).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" });

/**
 * A minute before the session ends: idle ("Stay signed in" renews it; so does any use of the
 * page), or at its absolute limit (only a new sign-in helps: save your work). Announced once, as it
 * appears; the ticking seconds are hidden from screen readers so they are not read every second.
 */
export function SessionWarning() {
  const { state, actions } = useApp();
  const now = useSignal(Date.now());
  const warning = state.warning.value;
  useEffect(() => {
    if (!warning) return;
    const timer = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(timer);
  }, [warning]);
  if (!warning) return null;
  // `now` ticks to redraw every second; the time itself is read fresh, so the first frame is right too.
  const left = <span aria-hidden="true"> ({formatDuration(warning.at - Math.max(now.value, Date.now()))})</span>;

  return (
    <div class="session-warning" role="alert">
      {warning.reason === "idle" ? (
        <>
          <p>
            {T.idleWarning(clock(warning.at))}
            {left}
            {T.stayEnd}
          </p>
          <Button type="button" onClick={() => void actions.checkSession()}>
            {T.staySignedIn}
          </Button>
        </>
      ) : (
        <p>
          {T.limitWarning(clock(warning.at))}
          {left}
          {T.limitWarningAfter}
        </p>
      )}
    </div>
  );
}
