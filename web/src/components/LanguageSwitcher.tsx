import { isLanguage } from "../../../src/platform/languages.ts";
import { LANGUAGE_NAMES, language, rememberLanguage, showLanguage } from "../language.ts";
import { APP_MESSAGES as T } from "../messages.ts";

/**
 * The signed-out pages' language, chosen here: remembered for this browser (the server answers in
 * it too, and an account without a language of its own keeps it once signed in). The page stays as
 * it is, what was typed included; only its words change.
 */
export function LanguageSwitcher() {
  return (
    <select
      class="language-switcher"
      aria-label={T.language}
      value={language.value}
      onChange={(event) => {
        const next = event.currentTarget.value;
        if (!isLanguage(next)) return;
        rememberLanguage(next);
        showLanguage(next).catch(() => (event.currentTarget.value = language.value));
      }}
    >
      {LANGUAGE_NAMES.map(([code, name]) => (
        <option key={code} value={code} lang={code}>
          {name}
        </option>
      ))}
    </select>
  );
}
