import type { ComponentChildren } from "preact";
import type { ApiError, FieldError } from "../api.ts";

export function Card(props: { title?: string; class?: string; action?: ComponentChildren; children: ComponentChildren; labelledBy?: string }) {
  const id = props.labelledBy ?? (props.title ? `card-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}` : undefined);
  return (
    <section class={`card ${props.class ?? ""}`} aria-labelledby={props.title ? id : undefined}>
      {props.title && (
        <header class="card-header">
          <h2 id={id}>{props.title}</h2>
          {props.action}
        </header>
      )}
      <div class="card-body">{props.children}</div>
    </section>
  );
}

interface InputProps {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | null;
  hint?: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  autoFocus?: boolean;
}

/** A labelled input with its error (or hint) tied to it for screen readers. */
export function Field({ label, name, value, onInput, error, hint, type = "text", autoComplete, autoFocus }: InputProps) {
  const id = `field-${name}`;
  const note = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div class={`field ${error ? "has-error" : ""}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        // Preact 11 types <input> as a union keyed on `type`; ours is one of three at run time.
        type={type as "text"}
        value={value}
        autocomplete={autoComplete}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={note}
        autoFocus={autoFocus}
        onInput={(event) => onInput((event.currentTarget as HTMLInputElement).value)}
      />
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function Button(props: { busy?: boolean; kind?: "primary" | "danger" | "ghost"; type?: "submit" | "button"; onClick?: () => void; children: ComponentChildren; disabled?: boolean }) {
  return (
    <button
      type={props.type ?? "submit"}
      class={`btn btn-${props.kind ?? "primary"}`}
      disabled={props.busy || props.disabled}
      aria-busy={props.busy ? "true" : undefined}
      onClick={props.onClick}
    >
      {props.busy && <span class="spinner" aria-hidden="true" />}
      {props.children}
    </button>
  );
}

export function Alert(props: { kind: "error" | "info" | "success"; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${props.kind}`} role={props.kind === "error" ? "alert" : "status"}>
      {props.children}
    </div>
  );
}

const LABELS: Record<string, string> = {
  email: "E-mail",
  username: "Username",
  password: "Password",
  current_password: "Current password",
  new_password: "New password",
};

/** Field errors by field name, from the server's 422 `errors` or the client's own checks. */
export function byField(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] ??= `${LABELS[e.field] ?? "This field"} ${e.message}`;
  return out;
}

/**
 * A failed request as field errors: the server's 422 list, or one field for a status that is about
 * a single field (409: the e-mail is taken; 403: a password is wrong). Null when it is neither.
 */
export function fieldErrorsOf(error: ApiError, fieldByStatus: Record<number, string> = {}): Record<string, string> | null {
  if (error.status === 422) return byField(error.errors);
  const field = fieldByStatus[error.status];
  return field ? { [field]: error.msg } : null;
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

export function formatRetry(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
