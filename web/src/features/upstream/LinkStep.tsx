import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Alert, Button, WithStrong } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { isPage } from "../../features.ts";
import { leaveFor, navigate, safeNext } from "../../router.ts";
import { useUpstreamActions } from "./actions.ts";
import { UPSTREAM_TEXT as T } from "./messages.ts";

/** A link step under way: from the callback's fragment, kept in this tab while its owner signs in. */
interface Step {
  token: string;
  provider: string;
  email: string;
  next: string;
}

const KEY = "datta.link-step";

/**
 * The step, taken from the address bar once (the fragment then dropped from the address and the
 * history), else from this tab's storage (back from signing in).
 */
function takeStep(): Step | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get("link_token");
  if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
  if (token && /^[A-Za-z0-9_-]{43}$/.test(token)) {
    const step = {
      token,
      provider: fragment.get("provider") ?? "",
      email: fragment.get("email") ?? "",
      next: safeNext(location.search),
    };
    sessionStorage.setItem(KEY, JSON.stringify(step));
    return step;
  }
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Step | null;
  } catch {
    return null;
  }
}

/**
 * The link step: another provider gave an address an account here has. Nothing is linked by the
 * address alone: the owner signs in to that account (its password and second factor, or a passkey,
 * on the sign-in page), comes back here, and links.
 */
export function LinkStep() {
  const { state, actions } = useApp();
  const upstream = useUpstreamActions();
  const step = useSignal<Step | null>(takeStep());
  const name = useSignal<string | null>(null);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const user = state.user.value;
  const email = step.value?.email ?? "";
  const signInHere = `/signin?login_hint=${encodeURIComponent(email)}&next=${encodeURIComponent("/signin/link")}`;
  const providerName = name.value ?? T.theProvider;
  useTitle(T.linkNamed(providerName));
  useEffect(() => {
    void upstream.providers().then((list) => {
      name.value = list.find((p) => p.id === step.value?.provider)?.name ?? step.value?.provider ?? null;
    });
  }, []);

  const finish = (to: string) => {
    sessionStorage.removeItem(KEY);
    if (isPage(to)) navigate(state, to, { replace: true });
    else leaveFor(to, { replace: true });
  };
  const link = async () => {
    if (!step.value) return;
    busy.value = true;
    error.value = null;
    const result = await upstream.link(step.value.token);
    busy.value = false;
    if ("status" in result) {
      error.value = result.msg;
      // Used up or expired: nothing more can be done with this one.
      if (result.status === 400) sessionStorage.removeItem(KEY);
      return;
    }
    state.notice.value = { kind: "success", text: result.msg };
    actions.announce(result.msg);
    finish(step.value.next);
  };

  if (!step.value) {
    return (
      <AuthLayout title={T.nothingToLink} subtitle={T.stepExpired} footer={<a href="/signin">{T.goToSignIn}</a>}>
        <p>{T.startOver}</p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={T.linkNamed(providerName)}
      subtitle={T.alreadyUses(email)}
      footer={
        <button type="button" class="link-button" onClick={() => finish("/signin")}>
          {T.cancelLink}
        </button>
      }
    >
      {error.value && <Alert kind="error">{error.value}</Alert>}
      {user ? (
        <>
          <p>
            <WithStrong text={T.linkQuestion(providerName, user.email)} part={user.email} />
          </p>
          <div class="link-step-actions">
            <Button type="button" busy={busy.value} onClick={() => void link()}>
              {T.linkNamed(providerName)}
            </Button>
            {error.value && (
              <Button type="button" kind="ghost" onClick={() => void actions.signOut(false, signInHere)}>
                {T.signOutAndIn(email)}
              </Button>
            )}
          </div>
        </>
      ) : (
        <>
          <p>{T.showItIsYours(providerName)}</p>
          <div class="link-step-actions">
            <a class="btn btn-primary" href={signInHere}>
              {T.signInToLink}
            </a>
          </div>
        </>
      )}
    </AuthLayout>
  );
}
