import { useSignal } from "@preact/signals";
import { Fragment } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { ApiError } from "../../api.ts";
import { Alert, Button, Field, Form } from "../../components/ui.tsx";
import { useFocusInside } from "../../focus.ts";
import { useForm } from "../../form.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { PAGE_MESSAGES } from "../../page-messages.ts";
import { TWO_FACTOR_TEXT as T } from "./messages.ts";

/** One password field to confirm a change, with its own errors (403 on the field, 429 in the alert). */
export function PasswordPrompt(props: {
  label: string;
  danger?: boolean;
  onPassword(password: string): Promise<ApiError | null>;
  onCancel(): void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusInside(ref, props.label);
  const form = useForm({
    initial: { password: "" },
    check: (v): Record<string, string> => (v.password ? {} : { password: T.passwordRequired }),
    send: (v) => props.onPassword(v.password),
    fieldByStatus: { 403: "password" },
  });
  return (
    <div ref={ref} class="security-step">
      <Form form={form} label={props.label}>
        <Field
          label={APP_MESSAGES.labelPassword}
          type="password"
          autoComplete="current-password"
          {...form.field("password")}
          hint={T.toConfirm}
        />
        <div class="button-row">
          <Button kind={props.danger ? "danger" : "primary"} busy={form.busy.value}>
            {props.label}
          </Button>
          <Button type="button" kind="ghost" onClick={props.onCancel}>
            {PAGE_MESSAGES.cancel}
          </Button>
        </div>
      </Form>
    </div>
  );
}

/** The QR code of an otpauth:// URI, drawn in the page as SVG (the encoder is loaded when needed). */
export function QrCode({ text }: { text: string }) {
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
      aria-label={T.qrLabel}
      shape-rendering="crispEdges"
    >
      <rect width="100%" height="100%" fill="#fff" />
      <path d={path.value.d} fill="#000" />
    </svg>
  );
}

/** Recovery codes, shown once: copy them, download them, then say they are kept. */
export function RecoveryCodes(props: { codes: string[]; onDone(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const copied = useSignal<string | null>(null);
  useFocusInside(ref, props.codes);
  const text = `${T.codesFileHeading}\n\n${props.codes.join("\n")}\n`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      copied.value = T.copied;
    } catch {
      copied.value = T.copyRefused;
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
      <Alert kind="info">{T.saveCodesNow}</Alert>
      <ol class="recovery-codes" aria-label={T.recoveryCodes}>
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div class="button-row">
        <Button type="button" kind="ghost" onClick={() => void copy()}>
          {T.copy}
        </Button>
        <Button type="button" kind="ghost" onClick={download}>
          {T.download}
        </Button>
        <Button type="button" onClick={props.onDone}>
          {T.savedThem}
        </Button>
      </div>
      <p class="sr-only" role="status">
        {copied.value}
      </p>
      {copied.value && <p class="muted">{copied.value}</p>}
    </div>
  );
}

export type TotpStep =
  | { kind: "idle" }
  | { kind: "password"; purpose: "enable" | "disable" | "codes" }
  | { kind: "enrolling"; secret: string; uri: string }
  | { kind: "codes"; codes: string[] };

/**
 * The key to type into the app, in groups of four that never break inside a group, and a button
 * that copies it whole.
 */
export function SecretKey(props: { secret: string }) {
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
        {T.copyKey}
      </button>
      <span role="status">{copied.value ? ` ${T.copied}` : ""}</span>
    </>
  );
}

/** The authenticator app: set up (password, QR code, a first code, the recovery codes), new codes, remove. */

type Purpose = "enable" | "disable" | "codes";

/** What can be done with the app now: set it up, or make new codes and remove it. */
export function AppButtons(props: { enabled: boolean; ask(purpose: Purpose): void }) {
  const { enabled, ask } = props;
  return (
    <div class="button-row">
      {enabled ? (
        <>
          <Button type="button" kind="ghost" onClick={() => ask("codes")}>
            {T.newRecoveryCodes}
          </Button>
          <Button type="button" kind="danger" onClick={() => ask("disable")}>
            {T.removeApp}
          </Button>
        </>
      ) : (
        <Button type="button" onClick={() => ask("enable")}>
          {T.setUpApp}
        </Button>
      )}
    </div>
  );
}

/** Setting the app up: the QR code, the key, and the first code that confirms it. */
export function Enrolment(props: {
  step: { secret: string; uri: string };
  confirm: ReturnType<typeof useForm<{ code: string }>>;
  onCancel(): void;
}) {
  return (
    <div class="security-step enrol">
      <ol class="enrol-steps">
        <li>
          {T.scanQr}
          <QrCode text={props.step.uri} />
        </li>
        <li>
          {T.typeKey} <SecretKey secret={props.step.secret} />
        </li>
        <li>
          {T.onThisPhone} <a href={props.step.uri}>{T.openInApp}</a>
        </li>
        <li>{T.enterCode}</li>
      </ol>
      <Form form={props.confirm} label={T.confirmApp}>
        <Field
          label={T.code}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          {...props.confirm.field("code")}
        />
        <div class="button-row">
          <Button busy={props.confirm.busy.value}>{T.confirm}</Button>
          <Button type="button" kind="ghost" onClick={props.onCancel}>
            {PAGE_MESSAGES.cancel}
          </Button>
        </div>
      </Form>
    </div>
  );
}
