import { useSignal } from "@preact/signals";
import { Alert, Button, Card } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { LANGUAGE_NAMES } from "../../language.ts";
import { useAccountActions } from "./actions.ts";
import { ACCOUNT_TEXT as T } from "./messages.ts";

/** The account's language: the dashboard's, the server's messages' and the mails'. */
export function LanguageCard() {
  const { state, actions } = useApp();
  const account = useAccountActions();
  const saved = state.user.value?.language ?? null;
  const chosen = useSignal<string>(saved ?? "");
  const busy = useSignal(false);
  /** The server's answer, in the language just chosen (`lang`, for screen readers). */
  const message = useSignal<{ kind: "success" | "error"; text: string; lang?: string } | null>(null);
  const save = async (event: Event) => {
    event.preventDefault();
    if (!chosen.value) return;
    busy.value = true;
    const result = await account.chooseLanguage(chosen.value);
    busy.value = false;
    message.value =
      "status" in result
        ? { kind: "error", text: result.msg }
        : { kind: "success", text: result.msg, lang: chosen.value };
    actions.announce(message.value.text);
  };
  return (
    <Card title={T.language} class="span-6">
      <form onSubmit={(event) => void save(event)} aria-label={T.language}>
        {message.value && (
          <Alert kind={message.value.kind} onDismiss={() => (message.value = null)}>
            <span lang={message.value.lang}>{message.value.text}</span>
          </Alert>
        )}
        <div class="field">
          <label for="profile-language">{T.languageLabel}</label>
          <select
            id="profile-language"
            value={chosen.value}
            aria-describedby="profile-language-hint"
            onChange={(e) => (chosen.value = e.currentTarget.value)}
          >
            {saved === null && <option value="">{T.asBrowserAsks}</option>}
            {LANGUAGE_NAMES.map(([code, name]) => (
              <option key={code} value={code} lang={code}>
                {name}
              </option>
            ))}
          </select>
          <p id="profile-language-hint" class="field-hint">
            {T.languageHint}
          </p>
        </div>
        <Button busy={busy.value}>{T.saveLanguage}</Button>
      </form>
    </Card>
  );
}
