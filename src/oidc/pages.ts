/**
 * The pages the provider itself shows, outside the dashboard's app: an error it must not redirect
 * (an unknown client, a redirect_uri not registered), the sign-out question of RP-initiated logout,
 * and its answer (http/page.ts: plain HTML, every value escaped).
 */
import { escapeHtml, plainPage as page } from "../http/page.ts";

export function errorPage(out: { error: string; error_description?: string }): string {
  const description = out.error_description ? `<p>${escapeHtml(out.error_description)}</p>` : "";
  return page(
    "This sign-in request cannot go on",
    `<p>The application that sent you here made a request this server refuses, so you were not sent back to it.</p>
<p><code>${escapeHtml(out.error)}</code></p>
${description}
<p><a href="/">Go to your dashboard</a></p>`,
  );
}

/** The page of a browser step that could not be answered because the database or the store is down. */
export function unavailablePage(message: string): string {
  return page(
    "Sign-in is unavailable for a moment",
    `<p>${escapeHtml(message)}</p>
<p>Go back to the application and try again in a few seconds.</p>`,
  );
}

/**
 * RP-initiated logout's question; `form` is the provider's (its action and its anti-forgery value).
 * Either answer signs the browser out of the application that asked; "logout=yes" also ends the
 * dashboard's session in this browser, and so every application's signed in with it.
 */
export function logoutPage(form: string, client: string | undefined): string {
  const app = client ? escapeHtml(client) : "the application";
  return page(
    "Sign out?",
    `<p>${app} asks you to sign out. You can sign out of the dashboard in this browser too, which also
signs you out of every application you signed in to with it.</p>
${form}
<p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out of the dashboard too</button>
<button type="submit" form="op.logoutForm">Only sign out of ${app}</button></p>`,
  );
}

export function signedOutPage(client: string | undefined): string {
  return page(
    "You have signed out",
    `<p>${client ? `You signed out of ${escapeHtml(client)} and of the dashboard in this browser.` : "You signed out of the dashboard in this browser."}</p>
<p><a href="/signin">Sign in again</a></p>`,
  );
}

/** The provider's anti-forgery value and the form's action, taken from the form it wrote. */
function formParts(form: string): { action: string; xsrf: string } {
  return {
    action: /action="([^"]+)"/.exec(form)?.[1] ?? "",
    xsrf: /name="xsrf" value="([^"]+)"/.exec(form)?.[1] ?? "",
  };
}

/**
 * The device grant's first page (PUBLIC_URL/device): the code the TV or the command line shows.
 * Written here rather than the provider's (whose field has an inline script, which this server's
 * Content-Security-Policy forbids), posting the same fields to the same action.
 */
export function deviceCodePage(form: string, problem: string | null): string {
  const { action, xsrf } = formParts(form);
  const error = problem ? `<p role="alert" id="code-error">${escapeHtml(problem)}</p>` : "";
  return page(
    "Connect a device",
    `<p>Enter the code your device (a TV, a command line) shows. Then sign in if you are not, and allow it.</p>
${error}<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(xsrf)}">
<p><label for="user_code">Code shown on your device</label><br>
<input id="user_code" name="user_code" autocomplete="off" autocapitalize="characters" spellcheck="false" autofocus required${problem ? ' aria-invalid="true" aria-describedby="code-error"' : ""}></p>
<p><button type="submit">Continue</button></p>
</form>`,
  );
}

/** The device grant's confirmation: the code again, to compare with the device's, and the app's name. */
export function deviceConfirmPage(form: string, client: string, userCode: string): string {
  return page(
    `Connect ${client}?`,
    `<p>Check that your device shows this code: <strong><code>${escapeHtml(userCode)}</code></strong>.
If it does not, or you did not start this, cancel.</p>
${form}
<p><button autofocus type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Cancel</button></p>`,
  );
}

export function deviceDonePage(client: string | undefined): string {
  return page(
    "Device connected",
    `<p>${client ? `${escapeHtml(client)} is` : "Your device is"} signed in. You can close this page and go back to it.</p>`,
  );
}
