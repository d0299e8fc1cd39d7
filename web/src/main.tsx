// The first page's styles; the signed-in shell fetches its own (styles/signed-in.css).
import "./styles/first-load.css";
// The design tokens and element styles first; each component's stylesheet comes with its import.
import { render } from "preact";
import { App } from "./App.tsx";
import { createActions } from "./actions.ts";
import { AppContext } from "./context.ts";
import { createAppState } from "./state.ts";
import { applyTheme, initialTheme } from "./theme.ts";

const theme = initialTheme();
applyTheme(theme);
const state = createAppState(location.pathname + location.search, theme);
const actions = createActions(state);
const root = document.getElementById("app");
if (root) {
  render(
    <AppContext.Provider value={{ state, actions }}>
      <App />
    </AppContext.Provider>,
    root,
  );
}
