import { useSignal } from "@preact/signals";
import { Alert, Button, Card } from "../../components/ui.tsx";
import { useApp } from "../../context.ts";
import { useAccountActions } from "./actions.ts";

/** Each language in its own words, as someone looking for theirs reads it. */
const NAMES = [
  ["en", "English"],
  ["de", "Deutsch"],
  ["fr", "Français"],
  ["es", "Español"],
  ["pt-BR", "Português (Brasil)"],
  ["zh-Hans", "简体中文"],
] as const;

/** The account's language: what the server's messages and the mails it sends are written in. */
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
    <Card title="Language" class="span-6">
      <form onSubmit={(event) => void save(event)} aria-label="Language">
        {message.value && (
          <Alert kind={message.value.kind} onDismiss={() => (message.value = null)}>
            <span lang={message.value.lang}>{message.value.text}</span>
          </Alert>
        )}
        <div class="field">
          <label for="profile-language">Language of messages and mail</label>
          <select
            id="profile-language"
            value={chosen.value}
            aria-describedby="profile-language-hint"
            onChange={(e) => (chosen.value = e.currentTarget.value)}
          >
            {saved === null && <option value="">As my browser asks</option>}
            {NAMES.map(([code, name]) => (
              <option key={code} value={code} lang={code}>
                {name}
              </option>
            ))}
          </select>
          <p id="profile-language-hint" class="field-hint">
            The server's messages and every mail it sends you use it, on every device.
          </p>
        </div>
        <Button busy={busy.value}>Save language</Button>
      </form>
    </Card>
  );
}
