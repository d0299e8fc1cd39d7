import { useApp } from "../context.ts";
import { APP_MESSAGES as T } from "../messages.ts";
import { MoonIcon, SunIcon } from "./icons.tsx";

/** Light or dark, kept per browser; a toggle button (pressed: dark). */
export function ThemeToggle() {
  const { state, actions } = useApp();
  const dark = state.theme.value === "dark";
  return (
    <button
      type="button"
      class="theme-toggle"
      aria-label={T.darkTheme}
      aria-pressed={dark ? "true" : "false"}
      title={dark ? T.useLight : T.useDark}
      onClick={() => actions.setTheme(dark ? "light" : "dark")}
    >
      {dark ? <SunIcon size={20} /> : <MoonIcon size={20} />}
    </button>
  );
}
