/**
 * The pages the provider itself shows: an error it must not redirect (an unknown client, a
 * redirect_uri not registered). Plain HTML with the dashboard's own look left out on purpose: no
 * script, no style from elsewhere, every value escaped.
 */
const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

export function errorPage(out: { error: string; error_description?: string }): string {
  const error = escapeHtml(out.error);
  const description = out.error_description ? `<p>${escapeHtml(out.error_description)}</p>` : "";
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in request refused</title><meta name="color-scheme" content="light dark"></head>
<body>
<main>
<h1>This sign-in request cannot go on</h1>
<p>The application that sent you here made a request this server refuses, so you were not sent back to it.</p>
<p><code>${error}</code></p>
${description}
<p><a href="/">Go to your dashboard</a></p>
</main>
</body>
</html>`;
}
