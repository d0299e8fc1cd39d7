// The first page's styles; the other pages fetch theirs (styles/pages.css, web/src/lazy.tsx).
import "./styles/first-load.css";
import { render } from "preact";
import { App } from "./App.tsx";
import { createActions } from "./actions.ts";
import { AppContext } from "./context.ts";
import { firstLanguage, sayTimeZone, showLanguage } from "./language.ts";
import { createAppState } from "./state.ts";
import { applyTheme, initialTheme } from "./theme.ts";

const theme = initialTheme();
applyTheme(theme);
const state = createAppState(location.pathname + location.search, theme);
const actions = createActions(state);
sayTimeZone();
const root = document.getElementById("app");
// The page is drawn once in its language (fetched first if it is not English; English if that
// fails). Not a top-level await: the lazy pages import from this module, which must not wait.
void showLanguage(firstLanguage())
  .catch(() => undefined)
  .then(() => {
    if (root) {
      render(
        <AppContext.Provider value={{ state, actions }}>
          <App />
        </AppContext.Provider>,
        root,
      );
    }
  });
