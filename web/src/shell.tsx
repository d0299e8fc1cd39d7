/**
 * The signed-in shell (sidebar, top bar, banners: components/Layout.tsx) and its stylesheet
 * (styles/signed-in.css), fetched together when a signed-in page is first drawn: a visitor who only
 * signs in never loads them, and the first load keeps its budget.
 */
import type { ComponentChildren } from "preact";
import { lazyFrame } from "./lazy.tsx";

/** Links the signed-in stylesheet (index.html names it); resolves once it applies, so nothing shows unstyled. */
function signedInStyles(): Promise<void> {
  const href = document.querySelector<HTMLMetaElement>('meta[name="signed-in-styles"]')?.content;
  if (!href || document.querySelector(`link[href="${href}"]`)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href });
    link.onload = () => resolve();
    link.onerror = () => {
      link.remove();
      reject(new Error("the signed-in stylesheet could not be fetched"));
    };
    document.head.append(link);
  });
}

export const Shell = lazyFrame<{ title: string; children: ComponentChildren }>(() =>
  Promise.all([import("./components/Layout.tsx"), signedInStyles()]).then(([module]) => module.Layout),
);
