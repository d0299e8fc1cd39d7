import type { ComponentChildren } from "preact";
import { PAGE_MESSAGES as T } from "../page-messages.ts";

/**
 * A table in a scroller (phones scroll it sideways): a named region with a tab stop, since a
 * scrollable region must be reachable by keyboard to be scrolled. For the lazily loaded pages: the
 * first load's EventsTable writes the same markup itself (as a shared component it cost the first
 * load 39 bytes gzip more, past its budget).
 */
export function ScrollTable({ label, busy, children }: { label: string; busy?: boolean; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    // biome-ignore lint/a11y/useSemanticElements: a <section> would add a landmark per table; the region is the scroller
    <div class="table-wrap" tabIndex={0} role="region" aria-label={T.scrollable(label)} aria-busy={busy}>
      <table class="table">{children}</table>
    </div>
  );
}
