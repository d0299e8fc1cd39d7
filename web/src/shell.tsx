/**
 * The signed-in shell (sidebar, top bar, banners: components/Layout.tsx), fetched when a signed-in
 * page is first drawn (with the pages' styles and sentences, as every lazy page): a visitor who only
 * signs in never loads it, and the first load keeps its budget.
 */
import type { ComponentChildren } from "preact";
import { lazyFrame } from "./lazy.tsx";

export const Shell = lazyFrame<{ title: string; children: ComponentChildren }>(() =>
  import("./components/Layout.tsx").then((module) => module.Layout),
);
