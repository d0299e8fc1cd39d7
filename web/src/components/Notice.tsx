import { useApp } from "../context.ts";
import { Alert } from "./ui.tsx";

/** The app-wide message: a failure with "Try again", or a note such as "You have signed out". */
export function Notice() {
  const { state } = useApp();
  const notice = state.notice.value;
  if (!notice) return null;
  return (
    <Alert
      kind={notice.kind}
      class="notice"
      retry={
        notice.retry &&
        (() => {
          const retry = notice.retry;
          state.notice.value = null;
          retry?.();
        })
      }
      onDismiss={() => (state.notice.value = null)}
    >
      {notice.text}
    </Alert>
  );
}
