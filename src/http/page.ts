/**
 * A page the server writes itself, outside the dashboard's app (a browser's step that cannot go on):
 * plain HTML, no script, nothing loaded from elsewhere, every value escaped; the browser's own
 * colours in either theme.
 */
import { currentLanguage } from "./catalogue.ts";

export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/** The page: `title` escaped here, `body` HTML whose values the caller escaped. */
export function plainPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="${currentLanguage()}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>${escapeHtml(title)}</title></head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}
