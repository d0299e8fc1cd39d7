import { render } from "preact";
import { createActions } from "./actions.ts";
import { App } from "./App.tsx";
import { AppContext } from "./context.ts";
import { createAppState } from "./state.ts";
import "./styles.css";

const state = createAppState(location.pathname + location.search);
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
