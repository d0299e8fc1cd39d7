import type { ComponentChildren } from "preact";
import type { useForm } from "../form.ts";
import "./ui.css";

/** A titled card; the title names the section for screen readers. */
export function Card(props: { title?: string; class?: string; children: ComponentChildren }) {
  const id = props.title ? `card-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}` : undefined;
  return (
    <section class={`card ${props.class ?? ""}`} aria-labelledby={id}>
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
}

/** A labelled input with its error (or hint) tied to it for screen readers. */
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
}: InputProps) {
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
        // biome-ignore lint/a11y/noAutofocus: only the first field of a page whose one task is that form
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

export function Button(props: {
  busy?: boolean;
  kind?: "primary" | "danger" | "ghost";
  type?: "submit" | "button";
  onClick?: () => void;
  children: ComponentChildren;
}) {
  return (
    <button
      type={props.type ?? "submit"}
      class={`btn btn-${props.kind ?? "primary"}`}
      disabled={props.busy}
      aria-busy={props.busy ? "true" : undefined}
      onClick={props.onClick}
    >
      {props.busy && <span class="spinner" aria-hidden="true" />}
      {props.children}
    </button>
  );
}

function Alert(props: { kind: "error" | "info" | "success"; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${props.kind}`} role={props.kind === "error" ? "alert" : "status"}>
      {props.children}
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
      {alert && <Alert kind={alert.kind}>{alert.text}</Alert>}
      {props.children}
    </form>
  );
}
