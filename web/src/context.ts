import { createContext } from "preact";
import { useContext, useLayoutEffect } from "preact/hooks";
import type { Actions } from "./actions.ts";
import { APP_MESSAGES as T } from "./messages.ts";
import type { AppState } from "./state.ts";

export interface AppContextValue {
  state: AppState;
  actions: Actions;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useApp outside AppContext");
  return value;
}

export function useTitle(title: string): void {
  useLayoutEffect(() => {
    document.title = T.pageTitle(title);
  }, [title]);
}
