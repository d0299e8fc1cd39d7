import { useSignal } from "@preact/signals";
import { Fragment } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { ApiError, ApiResult } from "../api.ts";
import { Alert, Button, Card, Field, Form } from "../components/ui.tsx";
import { useApp, useTitle } from "../context.ts";
import { useFocusInside } from "../focus.ts";
import { useForm } from "../form.ts";
import { useSecurityActions } from "../security-actions.ts";
import { Passkeys } from "./SecurityPasskeys.tsx";
import "./Security.css";

/** One password field to confirm a change, with its own errors (403 on the field, 429 in the alert). */
function PasswordPrompt(props: {
  label: string;
  danger?: boolean;
  onPassword(password: string): Promise<ApiError | null>;
  onCancel(): void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusInside(ref, props.label);
  const form = useForm({
    initial: { password: "" },
    check: (v): Record<string, string> => (v.password ? {} : { password: "Password is required" }),
    send: (v) => props.onPassword(v.password),
    fieldByStatus: { 403: "password" },
  });
  return (
    <div ref={ref} class="security-step">
      <Form form={form} label={props.label}>
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          {...form.field("password")}
          hint="To confirm it is you"
        />
        <div class="security-actions">
          <Button kind={props.danger ? "danger" : "primary"} busy={form.busy.value}>
            {props.label}
          </Button>
          <Button type="button" kind="ghost" onClick={props.onCancel}>
            Cancel
          </Button>
        </div>
      </Form>
    </div>
  );
}

/** The QR code of an otpauth:// URI, drawn in the page as SVG (the encoder is loaded when needed). */
function QrCode({ text }: { text: string }) {
  const path = useSignal<{ d: string; size: number } | null>(null);
  useEffect(() => {
    let live = true;
    void import("uqr").then(({ encode }) => {
      if (!live) return;
      const { data, size } = encode(text, { ecc: "M", border: 2 });
      const d = data.flatMap((row, y) => row.map((dark, x) => (dark ? `M${x} ${y}h1v1h-1z` : ""))).join("");
      path.value = { d, size };
    });
    return () => {
      live = false;
    };
  }, [text]);
  if (!path.value) return <div class="qr qr-loading" aria-hidden="true" />;
  return (
    <svg
      class="qr"
      viewBox={`0 0 ${path.value.size} ${path.value.size}`}
      role="img"
      aria-label="QR code to scan with the authenticator app"
      shape-rendering="crispEdges"
    >
      <rect width="100%" height="100%" fill="#fff" />
      <path d={path.value.d} fill="#000" />
    </svg>
  );
}

/** Recovery codes, shown once: copy them, download them, then say they are kept. */
function RecoveryCodes(props: { codes: string[]; onDone(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const copied = useSignal<string | null>(null);
  useFocusInside(ref, props.codes);
  const text = `Datta Dashboard recovery codes (each works once)\n\n${props.codes.join("\n")}\n`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      copied.value = "Copied.";
    } catch {
      copied.value = "This browser did not allow copying; select the codes instead.";
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "datta-recovery-codes.txt";
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div ref={ref} class="security-step">
      <Alert kind="info">
        Save these recovery codes somewhere safe now: they are shown only this once. Each signs you in once if you lose
        the phone with the app.
      </Alert>
      <ol class="recovery-codes" aria-label="Recovery codes">
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div class="security-actions">
        <Button type="button" kind="ghost" onClick={() => void copy()}>
          Copy
        </Button>
        <Button type="button" kind="ghost" onClick={download}>
          Download
        </Button>
        <Button type="button" onClick={props.onDone}>
          I have saved them
        </Button>
      </div>
      <p class="sr-only" role="status">
        {copied.value}
      </p>
      {copied.value && <p class="muted">{copied.value}</p>}
    </div>
  );
}

type TotpStep =
  | { kind: "idle" }
  | { kind: "password"; purpose: "enable" | "disable" | "codes" }
  | { kind: "enrolling"; secret: string; uri: string }
  | { kind: "codes"; codes: string[] };

/**
 * The key to type into the app, in groups of four that never break inside a group, and a button
 * that copies it whole.
 */
function SecretKey(props: { secret: string }) {
  const copied = useSignal(false);
  const groups = props.secret.match(/.{1,4}/g) ?? [];
  const copy = async () => {
    await navigator.clipboard.writeText(props.secret).then(
      () => (copied.value = true),
      () => (copied.value = false),
    );
  };
  return (
    <>
      <code class="secret">
        {groups.map((group, i) => (
          <Fragment key={group + String(i)}>
            {i > 0 && " "}
            <span>{group}</span>
          </Fragment>
        ))}
      </code>{" "}
      <button type="button" class="link-button" onClick={() => void copy()}>
        Copy key
      </button>
      <span role="status">{copied.value ? " Copied." : ""}</span>
    </>
  );
}

/** The authenticator app: set up (password, QR code, a first code, the recovery codes), new codes, remove. */
function AuthenticatorApp() {
  const { state } = useApp();
  const actions = useSecurityActions();
  const step = useSignal<TotpStep>({ kind: "idle" });
  const note = useSignal<string | null>(null);
  const enabled = state.user.value?.mfa.totp ?? false;
  const codesLeft = state.user.value?.mfa.recovery_codes ?? 0;
  const ref = useRef<HTMLDivElement>(null);
  useFocusInside(ref, step.value.kind);

  const confirm = useForm({
    initial: { code: "" },
    check: (v): Record<string, string> =>
      /^\d{6}$/.test(v.code.replace(/\s+/g, "")) ? {} : { code: "Code must be the 6 digits the app shows" },
    async send(v) {
      const result = await actions.confirmTotp(v.code.replace(/\s+/g, ""));
      if (!result.ok) return result.error;
      step.value = { kind: "codes", codes: result.data.recovery_codes };
      note.value = result.data.msg;
      return null;
    },
    fieldByStatus: { 400: "code" },
  });

  const finish = (text: string | null) => {
    step.value = { kind: "idle" };
    note.value = text;
  };

  /** A password-confirmed request: its error for the prompt, or what to do with its answer. */
  const withPassword = async <T,>(result: Promise<ApiResult<T>>, then: (data: T) => void): Promise<ApiError | null> => {
    const answer = await result;
    if (!answer.ok) return answer.error;
    then(answer.data);
    return null;
  };

  const current = step.value;
  return (
    <Card title="Authenticator app">
      <div ref={ref}>
        <p class="security-status">
          <span class={`badge ${enabled ? "badge-on" : "badge-off"}`}>{enabled ? "On" : "Off"}</span>{" "}
          {enabled
            ? "Signing in asks for a code from your authenticator app after the password."
            : "Add a second step to signing in: a code from an app such as Google Authenticator, Aegis or 1Password."}
        </p>
        {enabled && (
          <p class={codesLeft <= 3 ? "codes-left codes-few" : "codes-left"}>
            {codesLeft === 1 ? "1 recovery code left" : `${codesLeft} recovery codes left`}
            {codesLeft <= 3 && ": make new ones before they run out."}
          </p>
        )}
        {note.value && current.kind === "idle" && (
          <Alert kind="success" onDismiss={() => (note.value = null)}>
            {note.value}
          </Alert>
        )}
        {current.kind === "idle" && (
          <div class="security-actions">
            {enabled ? (
              <>
                <Button
                  type="button"
                  kind="ghost"
                  onClick={() => (step.value = { kind: "password", purpose: "codes" })}
                >
                  New recovery codes
                </Button>
                <Button
                  type="button"
                  kind="danger"
                  onClick={() => (step.value = { kind: "password", purpose: "disable" })}
                >
                  Remove the app
                </Button>
              </>
            ) : (
              <Button type="button" onClick={() => (step.value = { kind: "password", purpose: "enable" })}>
                Set up an authenticator app
              </Button>
            )}
          </div>
        )}
        {current.kind === "password" && (
          <PasswordPrompt
            label={
              current.purpose === "enable"
                ? "Continue"
                : current.purpose === "codes"
                  ? "Make new codes"
                  : "Remove the app"
            }
            danger={current.purpose === "disable"}
            onCancel={() => finish(null)}
            onPassword={(password) =>
              current.purpose === "enable"
                ? withPassword(actions.startTotp(password), (data) => {
                    confirm.reset();
                    step.value = { kind: "enrolling", secret: data.secret, uri: data.otpauth_uri };
                  })
                : current.purpose === "codes"
                  ? withPassword(actions.newRecoveryCodes(password), (data) => {
                      note.value = data.msg;
                      step.value = { kind: "codes", codes: data.recovery_codes };
                    })
                  : withPassword(actions.disableTotp(password), (data) => finish(data.msg))
            }
          />
        )}
        {current.kind === "enrolling" && (
          <div class="security-step enrol">
            <ol class="enrol-steps">
              <li>
                Scan this QR code with the authenticator app.
                <QrCode text={current.uri} />
              </li>
              <li>
                Or type this key into the app: <SecretKey secret={current.secret} />
              </li>
              <li>
                Setting it up on this very phone? <a href={current.uri}>Open in the authenticator app</a>
              </li>
              <li>Enter the 6-digit code the app now shows.</li>
            </ol>
            <Form form={confirm} label="Confirm the authenticator app">
              <Field
                label="Code"
                autoComplete="one-time-code"
                inputMode="numeric"
                maxLength={7}
                {...confirm.field("code")}
              />
              <div class="security-actions">
                <Button busy={confirm.busy.value}>Confirm</Button>
                <Button type="button" kind="ghost" onClick={() => finish(null)}>
                  Cancel
                </Button>
              </div>
            </Form>
          </div>
        )}
        {current.kind === "codes" && <RecoveryCodes codes={current.codes} onDone={() => finish(note.value)} />}
      </div>
    </Card>
  );
}

export function Security() {
  useTitle("Security");
  return (
    <div class="grid security">
      <AuthenticatorApp />
      <Passkeys />
    </div>
  );
}
