import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { validateCredentials } from "../../../../src/users/validation.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Alert, Button, Field, Form } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { PARTS } from "../../features.ts";
import { checked, useForm } from "../../form.ts";
import { pageSentences } from "../../language.ts";
import { APP_MESSAGES } from "../../messages.ts";
import { supportsAutofill, supportsPasskeys } from "../../passkeys.ts";
import { navigate, safeNext } from "../../router.ts";
import { useSignInActions } from "./actions.ts";
import { SIGN_IN_TEXT as T } from "./messages.ts";

/** An application asked for two factors (`acr_values=mfa`): the code step even where remembered. */
const asksTwoFactors = (): boolean => new URLSearchParams(location.search).has("mfa");

/**
 * Sign in: the password; then, for an account with an authenticator app, its code (or a recovery
 * code). "Sign in with a passkey" skips both; where the browser offers it, the e-mail field also
 * lists this site's passkeys (conditional UI).
 */
/**
 * A second step another way of signing in began (another provider's trip back: `#mfa_token=…`),
 * taken from the address bar once: the fragment dropped from the address and the history.
 */
function takeSecondStep(): string | null {
  // (Its shape is the server's to judge: a token that is not one is "expired" there.)
  const token = new URLSearchParams(location.hash.slice(1)).get("mfa_token");
  if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
  return token;
}

export function SignIn() {
  useTitle(T.signIn);
  const { actions, state } = useApp();
  const mfaToken = useSignal<string | null>(null);
  /** The code step's page, loaded when an account turns out to need it (not on the first load). */
  const secondStep = useSignal<typeof import("./SecondStep.tsx").SecondStep | null>(null);
  /** Why the code step ended and the password is asked again (its token expired, say). */
  const restarted = useSignal<string | null>(null);
  const toSecondStep = async (token: string) => {
    restarted.value = null;
    try {
      // Its sentences in the language shown come with it.
      const [step] = await Promise.all([import("./SecondStep.tsx"), pageSentences()]);
      secondStep.value ??= step.SecondStep;
      mfaToken.value = token;
    } catch {
      restarted.value = T.nextStepNotLoaded;
    }
  };
  useEffect(() => {
    const begun = takeSecondStep();
    if (begun) void toSecondStep(begun);
  }, []);

  if (mfaToken.value) {
    const Step = secondStep.value;
    if (!Step)
      return (
        <div class="loading" role="status">
          {APP_MESSAGES.loading}
        </div>
      );
    return (
      <Step
        token={mfaToken.value}
        onRestart={(why) => {
          restarted.value = why;
          mfaToken.value = null;
        }}
      />
    );
  }
  return (
    <PasswordStep
      restarted={restarted.value}
      onSecondStep={toSecondStep}
      onDone={() => actions.enter()}
      onOneFactor={() => {
        if (!asksTwoFactors()) return actions.enter();
        // Signed in with the password alone where two factors were asked: a passkey is both; an
        // account with neither sets one up first, then comes back here.
        const mfa = state.user.value?.mfa;
        if (mfa && (mfa.totp || mfa.passkeys > 0)) {
          restarted.value = T.twoFactorsByPasskey;
          return;
        }
        navigate(state, `/security?next=${encodeURIComponent(safeNext(location.search))}`);
      }}
    />
  );
}

function PasswordStep(props: {
  restarted: string | null;
  onSecondStep(token: string): void;
  /** Signed in by a passkey, or by a password and its code. */
  onDone(): void;
  /** Signed in by the password alone. */
  onOneFactor(): void;
}) {
  const { actions } = useApp();
  const signIn = useSignInActions();
  const passkeys = useSignal(false);
  const passkeyBusy = useSignal(false);
  const passkeyError = useSignal<string | null>(null);
  let secondStep: string | null = null;
  /** Too many failed attempts: when the next one may be made (ms), for the countdown. */
  const limitedUntil = useSignal(0);
  /** The address an application hinted at (login_hint): filled in, the password field focused. */
  const hint = new URLSearchParams(location.search).get("login_hint");
  const form = useForm({
    initial: { email: hint ?? "", password: "" },
    check: (v) => checked(validateCredentials(v)),
    async send(v) {
      const result = await actions.signIn(v.email, v.password, asksTwoFactors());
      if (result && "mfaToken" in result) {
        secondStep = result.mfaToken;
        return null;
      }
      if (result?.status === 429) limitedUntil.value = Date.now() + (result.retryAfter ?? 60) * 1000;
      return result;
    },
    done: () => (secondStep ? props.onSecondStep(secondStep) : props.onOneFactor()),
  });

  useEffect(() => {
    let live = true;
    void supportsPasskeys().then(async (supported) => {
      if (!live) return;
      passkeys.value = supported;
      // Conditional UI: the passkeys wait in the e-mail field's suggestions until one is picked.
      if (supported && (await supportsAutofill()) && live) {
        const error = await signIn.signInWithPasskey(true);
        if (!live) return;
        if (!error) props.onDone();
        else if (error.status !== 0) passkeyError.value = error.msg;
      }
    });
    return () => {
      live = false;
    };
  }, []);

  const withPasskey = async () => {
    passkeyBusy.value = true;
    passkeyError.value = null;
    const error = await signIn.signInWithPasskey();
    passkeyBusy.value = false;
    if (error) passkeyError.value = error.msg;
    else props.onDone();
  };

  return (
    <AuthLayout
      title={T.signIn}
      subtitle={
        asksTwoFactors()
          ? T.asksTwoFactors
          : new URLSearchParams(location.search).has("fresh")
            ? T.asksAgain
            : T.welcomeBack
      }
      footer={
        <>
          {APP_MESSAGES.noAccountYet} <a href={`/signup${location.search}`}>{APP_MESSAGES.createOne}</a>
        </>
      }
    >
      {props.restarted && <Alert kind="info">{props.restarted}</Alert>}
      <Form form={form}>
        <Field
          label={APP_MESSAGES.labelEmail}
          type="email"
          autoComplete="username webauthn"
          {...form.field("email")}
          autoFocus={!hint}
        />
        <Field
          label={APP_MESSAGES.labelPassword}
          type="password"
          autoComplete="current-password"
          {...form.field("password")}
          autoFocus={!!hint}
        />
        <p class="form-aside">
          <a href="/forgot-password">{T.forgotPassword}</a>
        </p>
        <Button busy={form.busy.value}>{form.busy.value ? T.signingIn : T.signIn}</Button>
      </Form>
      {limitedUntil.value > 0 && (
        <Meanwhile until={limitedUntil.value} passkeys={passkeys.value} onPasskey={() => void withPasskey()} />
      )}
      {passkeys.value && (
        <div class="passkey-sign-in">
          <p class="divider">
            <span>{T.or}</span>
          </p>
          {passkeyError.value && <Alert kind="error">{passkeyError.value}</Alert>}
          <Button type="button" kind="ghost" busy={passkeyBusy.value} onClick={() => void withPasskey()}>
            {passkeyBusy.value ? T.waitingForPasskey : T.withPasskey}
          </Button>
        </div>
      )}
      {PARTS.signInOptions.map((Part, i) => (
        <Part key={i} />
      ))}
    </AuthLayout>
  );
}

/**
 * While sign-in is limited: how long until the next try, counting down (not read out each second;
 * the alert above said it once), and the ways that do not wait: a reset link, a passkey.
 */
function Meanwhile(props: { until: number; passkeys: boolean; onPasskey(): void }) {
  const left = useSignal(Math.max(0, props.until - Date.now()));
  useEffect(() => {
    const timer = setInterval(() => (left.value = Math.max(0, props.until - Date.now())), 1000);
    return () => clearInterval(timer);
  }, [props.until]);
  const seconds = Math.ceil(left.value / 1000);
  return (
    <p class="meanwhile">
      {seconds > 0 ? (
        <>
          {T.tryAgainIn}{" "}
          <time aria-live="off">
            {Math.floor(seconds / 60)}:{String(seconds % 60).padStart(2, "0")}
          </time>
          .
        </>
      ) : (
        T.tryAgainNow
      )}{" "}
      {T.orNow} <a href="/forgot-password">{T.forgotPassword}</a>
      {props.passkeys && (
        <>
          {" · "}
          <button type="button" class="link-button" onClick={props.onPasskey}>
            {T.withPasskey}
          </button>
        </>
      )}
    </p>
  );
}
