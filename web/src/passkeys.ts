/**
 * The browser's side of passkeys, through @simplewebauthn/browser, loaded only when a passkey is
 * used (it is not part of the first load).
 */
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import type { ApiError } from "./api.ts";
import { pageSentences } from "./language.ts";

const library = () => import("@simplewebauthn/browser");

/** What the ceremony failed with, said to a person (never the browser's technical text). */
async function ceremonyError(error: unknown): Promise<ApiError> {
  const [{ PASSKEY_MESSAGES: T }] = await Promise.all([import("./passkey-messages.ts"), pageSentences()]);
  const name = error instanceof Error ? error.name : "";
  const msg =
    name === "NotAllowedError" || name === "AbortError"
      ? T.passkeyCancelled
      : name === "InvalidStateError"
        ? T.passkeyExists
        : name === "SecurityError"
          ? T.passkeyWrongAddress
          : T.passkeyUnsupported;
  return { status: 0, msg, errors: [], retryAfter: null, network: false };
}

export async function supportsPasskeys(): Promise<boolean> {
  return (
    typeof window !== "undefined" && "PublicKeyCredential" in window && (await library()).browserSupportsWebAuthn()
  );
}

export async function supportsAutofill(): Promise<boolean> {
  return "PublicKeyCredential" in window && (await library()).browserSupportsWebAuthnAutofill();
}

/** Runs navigator.credentials.create() with the server's options; the answer, or why not. */
export async function createPasskey(
  options: unknown,
): Promise<{ ok: true; response: unknown } | { ok: false; error: ApiError }> {
  try {
    const { startRegistration } = await library();
    // The server's options, in the JSON form the library takes.
    const optionsJSON = options as PublicKeyCredentialCreationOptionsJSON;
    return { ok: true, response: await startRegistration({ optionsJSON }) };
  } catch (error) {
    return { ok: false, error: await ceremonyError(error) };
  }
}

/** Runs navigator.credentials.get(); with `autofill`, as the e-mail field's suggestion (conditional UI). */
export async function getPasskey(
  options: unknown,
  autofill = false,
): Promise<{ ok: true; response: unknown } | { ok: false; error: ApiError }> {
  try {
    const { startAuthentication } = await library();
    const optionsJSON = options as PublicKeyCredentialRequestOptionsJSON;
    return { ok: true, response: await startAuthentication({ optionsJSON, useBrowserAutofill: autofill }) };
  } catch (error) {
    return { ok: false, error: await ceremonyError(error) };
  }
}
