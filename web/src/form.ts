import { useSignal } from "@preact/signals";
import type { ApiError, FieldError } from "./api.ts";

/**
 * The one form hook: values, field errors, the form's alert, busy state and submit. A form says
 * what it checks before sending, how it sends, which statuses concern one field, and what success
 * means; the hook does the rest the same way everywhere:
 *
 *   - client checks first (the server's own rules), nothing sent while a field is wrong;
 *   - a 422 becomes field errors; a status about one field (409, 403) goes to that field;
 *   - any other failure shows the server's `msg` in the form's alert;
 *   - a network failure is left to the app-wide notice, which offers "Try again".
 */

export type Values = Record<string, string>;
export type FieldErrors = Record<string, string>;
export type FormAlert = { kind: "success" | "error"; text: string } | null;

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
}

/** How the form reads a field's name before its message ("E-mail must be ..."). */
const LABELS: Record<string, string> = {
  email: "E-mail",
  username: "Username",
  password: "Password",
  current_password: "Current password",
  new_password: "New password",
};

/** Field errors by field name, from the server's 422 `errors` or the client's own checks; the first per field. */
export function byField(errors: readonly FieldError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) out[e.field] ??= `${LABELS[e.field] ?? "This field"} ${e.message}`;
  return out;
}

/** The errors of a validation result (the server's rules, run in the page), by field. */
export function checked(result: { ok: true } | { ok: false; errors: FieldError[] }): FieldErrors {
  return result.ok ? {} : byField(result.errors);
}

export function useForm<V extends Values>(options: FormOptions<V>) {
  const values = useSignal<V>(options.initial);
  const errors = useSignal<FieldErrors>({});
  const alert = useSignal<FormAlert>(null);
  const busy = useSignal(false);

  /** The props of a <Field> bound to `name`. */
  const field = (name: keyof V & string) => ({
    name,
    value: values.value[name] ?? "",
    error: errors.value[name],
    onInput: (value: string) => {
      values.value = { ...values.value, [name]: value };
    },
  });

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    alert.value = null;
    const current = values.value;
    const found = options.check?.(current) ?? {};
    errors.value = found;
    if (Object.keys(found).length) return;
    busy.value = true;
    const error = await options.send(current);
    busy.value = false;
    if (!error) {
      const text = options.done?.(current);
      if (typeof text === "string") alert.value = { kind: "success", text };
      return;
    }
    if (error.network) return;
    const field = options.fieldByStatus?.[error.status];
    if (error.status === 422 && error.errors.length) errors.value = byField(error.errors);
    else if (field) errors.value = { [field]: error.msg };
    else alert.value = { kind: "error", text: error.msg };
  };

  /** New values (after success, say), with no errors and no alert left over. */
  const reset = (next: V = options.initial): void => {
    values.value = next;
    errors.value = {};
    alert.value = null;
  };

  return { values, errors, alert, busy, field, submit, reset };
}
