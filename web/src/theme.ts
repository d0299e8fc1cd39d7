import type { Theme } from "./state.ts";

/**
 * Light or dark: the visitor's own choice (kept per browser), else the system's. Applied as
 * <html data-theme>, which the stylesheet's tokens follow.
 */
const KEY = "datta:theme";
const DARK = "(prefers-color-scheme: dark)";

function stored(): Theme | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : null;
  } catch {
    return null;
  }
}

export function initialTheme(): Theme {
  return stored() ?? (matchMedia(DARK).matches ? "dark" : "light");
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

export function keepTheme(theme: Theme): void {
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** Follows the system's changes for as long as the visitor has made no choice of their own. */
export function followSystemTheme(onChange: (theme: Theme) => void): () => void {
  const query = matchMedia(DARK);
  const listener = () => {
    if (stored() === null) onChange(query.matches ? "dark" : "light");
  };
  query.addEventListener("change", listener);
  return () => query.removeEventListener("change", listener);
}
