import { useComputed, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { ApiError, FieldError } from "./api.ts";
import { useApp } from "./context.ts";
import { offerDraft, takeDraft, withoutSecrets } from "./drafts.ts";
import { APP_MESSAGES as T } from "./messages.ts";

/**
 * The one form hook: values, field errors, the form's alert, busy state and submit. A form says
 * what it checks before sending, how it sends, which statuses concern one field, and what success
 * means; the hook does the rest the same way everywhere:
 *
 *   - client checks first (the server's own rules), nothing sent while a field is wrong, and the
 *     focus moves to the first wrong field (a screen reader reads its label and its error);
 *   - a 422 becomes field errors; a status about one field (409, 403) goes to that field;
 *   - any other failure shows the server's `msg` in the form's alert; a network failure offers
 *     "Try again", which sends the form again;
 *   - starting an action clears every message of the earlier one (this form's, other forms', the
 *     app-wide notice): a message never outlives its truth;
 *   - with `draft`, what was typed (never a password) survives the session ending mid-edit.
 */

export type Values = Record<string, string>;
export type FieldErrors = Record<string, string>;
export type FormAlert = { kind: "success" | "error" | "info"; text: string; retry?: () => void } | null;

export interface FormOptions<V extends Values> {
  initial: V;
  /** Field errors found before sending (empty when the form may be sent). */
  check?(values: V): FieldErrors;
  /** Sends the form; null when it worked. */
  send(values: V): Promise<ApiError | null>;
  /** Failures that concern one field, by status: 409 -> "email", 403 -> "current_password". */
  fieldByStatus?: Partial<Record<number, keyof V & string>>;
  /** After success: returns a sentence for the form's alert, or nothing (the page moves on). */
  done?(values: V): unknown;
  /** Keep unsaved input under this name when the session ends, and take it back after sign-in. */
  draft?: string;
}

/** How the form reads a field's name before its message ("E-mail must be ..."). */
const LABELS: Record<string, () => string> = {
  email: () => T.labelEmail,
  username: () => T.labelUsername,
  password: () => T.labelPassword,
  current_password: () => T.labelCurrentPassword,
  new_password: () => T.labelNewPassword,
};

/** Field errors by field name, from the server's 422 `errors` or the client's own checks; the first per field. */
export function byField(errors: readonly FieldError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) out[e.field] ??= T.fieldError(LABELS[e.field]?.() ?? T.thisField, e.message);
  return out;
}

/** The errors of a validation result (the server's rules, run in the page), by field. */
export function checked(result: { ok: true } | { ok: false; errors: FieldError[] }): FieldErrors {
  return result.ok ? {} : byField(result.errors);
}

/** After the errors are drawn: the first field marked invalid takes the focus. */
function focusFirstInvalid(form: HTMLFormElement | null): void {
  setTimeout(() => form?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus(), 0);
}

export function useForm<V extends Values>(options: FormOptions<V>) {
  const { state } = useApp();
  const values = useSignal<V>(options.initial);
  const errors = useSignal<FieldErrors>({});
  const ownAlert = useSignal<{ alert: FormAlert; action: number }>({ alert: null, action: -1 });
  const busy = useSignal(false);
  // Shown only while no other action has started since it was set.
  const alert = useComputed(() => (ownAlert.value.action === state.actionCount.value ? ownAlert.value.alert : null));
  const setAlert = (next: FormAlert) => {
    ownAlert.value = { alert: next, action: state.actionCount.value };
  };

  const { draft } = options;
  useEffect(() => {
    if (!draft) return;
    const kept = takeDraft(draft);
    if (kept) {
      values.value = { ...values.value, ...withoutSecrets(kept) };
      setAlert({ kind: "info", text: T.draftKept });
    }
    return offerDraft(draft, () => {
      const unsaved = withoutSecrets(values.value);
      const initial = withoutSecrets(options.initial);
      return Object.keys(unsaved).some((name) => unsaved[name] !== initial[name]) ? unsaved : null;
    });
  }, [draft]);

  /** The props of a <Field> bound to `name`. */
  const field = (name: keyof V & string) => ({
    name,
    value: values.value[name] ?? "",
    error: errors.value[name],
    onInput: (value: string) => {
      values.value = { ...values.value, [name]: value };
    },
  });

  const run = async (form: HTMLFormElement | null): Promise<void> => {
    state.actionCount.value++;
    if (state.notice.value) state.notice.value = null;
    const current = values.value;
    const found = options.check?.(current) ?? {};
    errors.value = found;
    if (Object.keys(found).length) {
      focusFirstInvalid(form);
      return;
    }
    busy.value = true;
    const error = await options.send(current);
    busy.value = false;
    if (!error) {
      const text = options.done?.(current);
      if (typeof text === "string") setAlert({ kind: "success", text });
      return;
    }
    if (error.network) {
      setAlert({ kind: "error", text: error.msg, retry: () => void run(form) });
      return;
    }
    const field = options.fieldByStatus?.[error.status];
    if (error.status === 422 && error.errors.length) errors.value = byField(error.errors);
    else if (field) errors.value = { [field]: error.msg };
    else {
      setAlert({ kind: "error", text: error.msg });
      // The sentence takes the focus, so that keyboard and screen reader users are where it is.
      setTimeout(() => form?.querySelector<HTMLElement>(".alert")?.focus(), 0);
      return;
    }
    focusFirstInvalid(form);
  };

  const submit = (event: Event): Promise<void> => {
    event.preventDefault();
    return run(event.currentTarget as HTMLFormElement | null);
  };

  /** New values (after success, say), with no errors and no alert left over. */
  const reset = (next: V = options.initial): void => {
    values.value = next;
    errors.value = {};
    setAlert(null);
  };

  return { values, errors, alert, busy, field, submit, reset };
}
