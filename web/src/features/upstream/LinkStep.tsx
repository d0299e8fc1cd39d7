import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { Alert, Button } from "../../components/ui.tsx";
import { useApp, useTitle } from "../../context.ts";
import { isPage } from "../../features.ts";
import { leaveFor, navigate, safeNext } from "../../router.ts";
import { useUpstreamActions } from "./actions.ts";

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
  const providerName = name.value ?? "the provider";
  useTitle(`Link ${providerName}`);
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
      <AuthLayout
        title="Nothing to link"
        subtitle="This link step has expired or was already used."
        footer={<a href="/signin">Go to the sign-in page</a>}
      >
        <p>Sign in with the provider again to start over.</p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={`Link ${providerName}`}
      subtitle={`An account here already uses ${email}.`}
      footer={
        <button type="button" class="link-button" onClick={() => finish("/signin")}>
          Cancel: do not link
        </button>
      }
    >
      {error.value && <Alert kind="error">{error.value}</Alert>}
      {user ? (
        <>
          <p>
            Link {providerName} to the account <strong>{user.email}</strong>? From then on, you can sign in to it with{" "}
            {providerName}.
          </p>
          <div class="link-step-actions">
            <Button type="button" busy={busy.value} onClick={() => void link()}>
              Link {providerName}
            </Button>
            {error.value && (
              <Button type="button" kind="ghost" onClick={() => void actions.signOut(false, signInHere)}>
                Sign out, and sign in to {email}
              </Button>
            )}
          </div>
        </>
      ) : (
        <>
          <p>
            To sign in with {providerName} from now on, show that this account is yours once: sign in to it with its
            password or a passkey. Nothing is linked until you do.
          </p>
          <div class="link-step-actions">
            <a class="btn btn-primary" href={signInHere}>
              Sign in to link
            </a>
          </div>
        </>
      )}
    </AuthLayout>
  );
}
