/**
 * Passkey ceremonies through @simplewebauthn/server: discoverable credentials, user verification
 * required, the relying party's id the host of PUBLIC_URL and its origin PUBLIC_URL itself. Each
 * challenge lives in the shared store for 5 minutes, for one purpose (and, when registering, one
 * user), and is taken at the first answer to it: used once, on whichever replica that answer reaches.
 */
import { once } from "../platform/once.ts";
import type { Store } from "../platform/store/store.ts";
import type { NewPasskey, StoredCredential } from "./passkeys.ts";

/**
 * @simplewebauthn/server, loaded at the first ceremony, not at start (~9 MB of resident memory a
 * process that never sees a passkey does not hold).
 */
const library = once(() => import("@simplewebauthn/server"));

export const CHALLENGE_SECONDS = 5 * 60;
const RP_NAME = "Datta Dashboard";

type Purpose = { purpose: "register"; userId: string } | { purpose: "authenticate" };

export interface PasskeyUser {
  id: string;
  username: string;
  email: string;
  webauthn_handle: string;
}

/** A UUID as the 16 bytes WebAuthn carries as the user handle. */
const handleBytes = (uuid: string): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(16);
  bytes.set(Buffer.from(uuid.replaceAll("-", ""), "hex"));
  return bytes;
};

/** The user handle an authenticator gave back (base64url of 16 bytes) as the UUID it stands for, or null. */
export function handleToUuid(handle: string | undefined): string | null {
  if (!handle || !/^[A-Za-z0-9_-]{22}$/.test(handle)) return null;
  const hex = Buffer.from(handle, "base64url").toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function createPasskeyCeremonies({
  store,
  publicUrl,
  now = Date.now,
}: {
  store: Store;
  publicUrl: string;
  now?: () => number;
}) {
  const rpID = new URL(publicUrl).hostname;
  const origin = publicUrl;
  const keyOf = (challenge: string) => `webauthn:${challenge}`;

  const remember = (challenge: string, purpose: Purpose) =>
    store.put(
      keyOf(challenge),
      JSON.stringify({ ...purpose, exp: now() + CHALLENGE_SECONDS * 1000 }),
      CHALLENGE_SECONDS,
    );

  /** Takes the challenge if it is live and was made for this purpose (and user). */
  const takeChallenge = async (challenge: string, purpose: Purpose): Promise<boolean> => {
    const raw = await store.take(keyOf(challenge));
    if (raw === null) return false;
    const stored = JSON.parse(raw) as Purpose & { exp: number };
    if (stored.exp <= now() || stored.purpose !== purpose.purpose) return false;
    return stored.purpose === "authenticate" || (purpose.purpose === "register" && stored.userId === purpose.userId);
  };

  return {
    rpID,
    origin,

    async registrationOptions(user: PasskeyUser, existing: Array<{ id: string; transports: string[] }>) {
      const options = await (await library()).generateRegistrationOptions({
        rpName: RP_NAME,
        rpID,
        userName: user.email,
        userDisplayName: user.username,
        userID: handleBytes(user.webauthn_handle),
        attestationType: "none",
        timeout: CHALLENGE_SECONDS * 1000,
        excludeCredentials: existing.map(({ id, transports }) => ({ id, transports })),
        authenticatorSelection: { residentKey: "required", userVerification: "required" },
      });
      await remember(options.challenge, { purpose: "register", userId: user.id });
      return options;
    },

    /** The new credential, or null when the answer does not verify (or its challenge is not live). */
    async verifyRegistration(userId: string, response: unknown): Promise<Omit<NewPasskey, "name" | "addedBy"> | null> {
      try {
        const verified = await (await library()).verifyRegistrationResponse({
          // biome-ignore lint/suspicious/noExplicitAny: the browser's JSON, checked by the library
          response: response as any,
          expectedChallenge: (challenge) => takeChallenge(challenge, { purpose: "register", userId }),
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
        });
        if (!verified.verified) return null;
        const { credential, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
        return {
          credentialId: credential.id,
          publicKey: credential.publicKey,
          counter: credential.counter,
          transports: credential.transports ?? [],
          deviceType: credentialDeviceType,
          backedUp: credentialBackedUp,
        };
      } catch {
        return null; // malformed, wrong origin or RP, stale challenge, bad attestation: one answer
      }
    },

    async authenticationOptions() {
      const options = await (await library()).generateAuthenticationOptions({
        rpID,
        allowCredentials: [],
        userVerification: "required",
        timeout: CHALLENGE_SECONDS * 1000,
      });
      await remember(options.challenge, { purpose: "authenticate" });
      return options;
    },

    /** The authenticator's new counter, or null when the answer does not verify. */
    async verifyAuthentication(response: unknown, credential: StoredCredential): Promise<number | null> {
      try {
        const verified = await (await library()).verifyAuthenticationResponse({
          // biome-ignore lint/suspicious/noExplicitAny: the browser's JSON, checked by the library
          response: response as any,
          expectedChallenge: (challenge) => takeChallenge(challenge, { purpose: "authenticate" }),
          expectedOrigin: origin,
          expectedRPID: rpID,
          credential: {
            id: credential.credentialId,
            publicKey: new Uint8Array(credential.publicKey),
            counter: credential.counter,
            // biome-ignore lint/suspicious/noExplicitAny: stored as the browser gave them
            transports: credential.transports as any,
          },
          requireUserVerification: true,
        });
        return verified.verified ? verified.authenticationInfo.newCounter : null;
      } catch {
        return null;
      }
    },
  };
}

export type PasskeyCeremonies = ReturnType<typeof createPasskeyCeremonies>;
