import { useApp } from "../context.ts";
import "./Notice.css";

/** The app-wide message: a network error with "Try again", or a note such as "You have signed out". */
export function Notice() {
  const { state } = useApp();
  const notice = state.notice.value;
  if (!notice) return null;
  return (
    <div class={`alert alert-${notice.kind} notice`} role={notice.kind === "error" ? "alert" : "status"}>
      <span>{notice.text}</span>
      <span class="notice-actions">
        {notice.retry && (
          <button
            type="button"
            class="link-button"
            onClick={() => {
              const retry = notice.retry;
              state.notice.value = null;
              retry?.();
            }}
          >
            Try again
          </button>
        )}
        <button type="button" class="link-button" aria-label="Dismiss" onClick={() => (state.notice.value = null)}>
          ×
        </button>
      </span>
    </div>
  );
}
