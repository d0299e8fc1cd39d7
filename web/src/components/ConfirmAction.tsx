import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { PAGE_MESSAGES as T } from "../page-messages.ts";
import { Button } from "./ui.tsx";

/**
 * A destructive step asked twice: its button ("Unlink…"), then the question with the step itself
 * and Cancel; the focus goes to the step's button when the question opens. The question stays open
 * until the step is done (the caller's list drops the row) or cancelled.
 */
export function ConfirmAction(props: {
  /** The first button, ending in "…". */
  label: string;
  question: string;
  /** The step's own button. */
  confirm: string;
  busy: boolean;
  onConfirm(): void;
}) {
  const confirming = useSignal(false);
  const ref = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (confirming.value) ref.current?.querySelector("button")?.focus();
  }, [confirming.value]);
  if (!confirming.value) {
    return (
      <Button kind="ghost" type="button" onClick={() => (confirming.value = true)}>
        {props.label}
      </Button>
    );
  }
  return (
    <fieldset ref={ref} class="confirm">
      <legend>{props.question}</legend>
      <div class="button-row">
        <Button kind="danger" type="button" busy={props.busy} onClick={props.onConfirm}>
          {props.confirm}
        </Button>
        <Button kind="ghost" type="button" onClick={() => (confirming.value = false)}>
          {T.cancel}
        </Button>
      </div>
    </fieldset>
  );
}
