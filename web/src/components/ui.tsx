import { useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { passwordStrength } from "../../../src/users/validation.ts";
import type { useForm } from "../form.ts";
import { APP_MESSAGES as T } from "../messages.ts";
import { EyeIcon, EyeOffIcon } from "./icons.tsx";

/** A titled card; the title names the section for screen readers. */
export function Card(props: { title?: string; class?: string; children: ComponentChildren }) {
  const id = `card-${useId()}`;
  return (
    <section class={`card ${props.class ?? ""}`} aria-labelledby={props.title ? id : undefined}>
      {props.title && (
        <header class="card-header">
          <h2 id={id}>{props.title}</h2>
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
  /** For a new password: a strength meter by the server's rules, against this e-mail. */
  strengthFor?: string;
  /** "numeric" for a one-time code: the phone's number pad. */
  inputMode?: "numeric" | "text";
  maxLength?: number;
}

/**
 * A labelled input with its error (or hint) tied to it for screen readers. A password field has a
 * Show/Hide button; a new password also a strength meter.
 */
export function Field({
  label,
  name,
  value,
  onInput,
  error,
  hint,
  type = "text",
  autoComplete,
  autoFocus,
  strengthFor,
  inputMode,
  maxLength,
}: InputProps) {
  const shown = useSignal(false);
  const id = `field-${name}`;
  const isPassword = type === "password";
  const strength = strengthFor !== undefined && value !== "" ? passwordStrength(value, strengthFor) : null;
  const notes = [error ? `${id}-error` : hint ? `${id}-hint` : null, strength ? `${id}-strength` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={`field ${error ? "has-error" : ""}`}>
      <label for={id}>{label}</label>
      <div class="field-control">
        <input
          id={id}
          name={name}
          // Preact 11 types <input> as a union keyed on `type`; ours is one of three at run time.
          type={(isPassword && shown.value ? "text" : type) as "text"}
          value={value}
          autocomplete={autoComplete}
          inputMode={inputMode}
          maxLength={maxLength}
          autocapitalize={isPassword || type === "email" ? "off" : undefined}
          spellcheck={isPassword ? false : undefined}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={notes || undefined}
          // biome-ignore lint/a11y/noAutofocus: only the first field of a page whose one task is that form
          autoFocus={autoFocus}
          onInput={(event) => onInput((event.currentTarget as HTMLInputElement).value)}
        />
        {isPassword && (
          <button
            type="button"
            class="reveal"
            aria-controls={id}
            aria-pressed={shown.value ? "true" : "false"}
            aria-label={T.showField(label)}
            title={shown.value ? T.hide : T.show}
            onClick={() => (shown.value = !shown.value)}
          >
            {shown.value ? <EyeOffIcon size={18} /> : <EyeIcon size={18} />}
          </button>
        )}
      </div>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {strength && (
        <div class={`strength strength-${strength.level}`} id={`${id}-strength`}>
          <span class="strength-bar" aria-hidden="true">
            <span />
          </span>
          <span class="strength-text">{strength.label}</span>
        </div>
      )}
    </div>
  );
}

export function Button(props: {
  busy?: boolean;
  /** Nothing to do (no other page, say): shown, but not usable. */
  disabled?: boolean;
  kind?: "primary" | "danger" | "ghost";
  type?: "submit" | "button";
  onClick?: () => void;
  children: ComponentChildren;
}) {
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

export function Alert(props: {
  kind: "error" | "info" | "success";
  retry?: () => void;
  onDismiss?: () => void;
  class?: string;
  /** It may take the focus (a form's answer does). */
  focusable?: boolean;
  children: ComponentChildren;
}) {
  const actions = props.retry || props.onDismiss;
  return (
    <div
      class={`alert alert-${props.kind} ${actions ? "alert-actions" : ""} ${props.class ?? ""}`}
      role={props.kind === "error" ? "alert" : "status"}
      tabIndex={props.focusable ? -1 : undefined}
    >
      <span>{props.children}</span>
      {actions && (
        <span class="alert-buttons">
          {props.retry && (
            <button type="button" class="link-button" onClick={props.retry}>
              {T.tryAgain}
            </button>
          )}
          {props.onDismiss && (
            <button type="button" class="link-button" aria-label={T.dismiss} onClick={props.onDismiss}>
              ×
            </button>
          )}
        </span>
      )}
    </div>
  );
}

/** A form driven by useForm: its alert on top, checked by the hook rather than the browser. */
export function Form(props: {
  form: Pick<ReturnType<typeof useForm>, "submit" | "alert">;
  label?: string;
  class?: string;
  children: ComponentChildren;
}) {
  const alert = props.form.alert.value;
  return (
    <form onSubmit={props.form.submit} noValidate aria-label={props.label} class={props.class}>
      {alert && (
        <Alert kind={alert.kind} retry={alert.retry} focusable>
          {alert.text}
        </Alert>
      )}
      {props.children}
    </form>
  );
}

/** A sentence with one of its values in bold, wherever the sentence's language puts it. */
export function WithStrong({ text, part }: { text: string; part: string }) {
  const at = part ? text.indexOf(part) : -1;
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <strong>{part}</strong>
      {text.slice(at + part.length)}
    </>
  );
}
