import { useEffect } from "preact/hooks";

/** Focuses the first field or button inside `ref` once it is drawn: each step of a form takes the focus. */
export function useFocusInside(ref: { current: HTMLElement | null }, key: unknown): void {
  useEffect(() => {
    setTimeout(() => ref.current?.querySelector<HTMLElement>("input, button")?.focus(), 0);
  }, [key]);
}
