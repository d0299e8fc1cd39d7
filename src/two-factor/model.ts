import { t } from "elysia";

/** The two-factor API shapes: the one source of each request and answer, and of their types. */

const PASSWORD = t.String({ description: "The account's password, to confirm" });

export const PasswordConfirmBody = t.Object({ password: PASSWORD });
export type PasswordConfirmBody = typeof PasswordConfirmBody.static;

export const TotpEnrolment = t.Object({
  secret: t.String({ description: "The secret in base32, for typing into the app by hand" }),
  otpauth_uri: t.String({ description: "The otpauth:// URI the QR code carries" }),
});
export type TotpEnrolment = typeof TotpEnrolment.static;

export const CodeBody = t.Object({ code: t.String({ description: "The 6-digit code the app shows now" }) });
export type CodeBody = typeof CodeBody.static;

export const RecoveryCodesResponse = t.Object({
  success: t.Literal(true),
  msg: t.String(),
  recovery_codes: t.Array(t.String(), {
    description: "Ten single-use codes (xxxx-xxxx-xxxx-xxxx), shown this once; the older ones no longer work",
  }),
});
export type RecoveryCodesResponse = typeof RecoveryCodesResponse.static;

export const PasskeySchema = t.Object({
  id: t.String({ format: "uuid" }),
  name: t.String(),
  created_at: t.String({ format: "date-time" }),
  last_used_at: t.Nullable(t.String({ format: "date-time" })),
});
export type Passkey = typeof PasskeySchema.static;

const PROOF = t.Optional(
  t.String({
    description:
      "The account's password (counted like a wrong one when wrong); may be left out within 10 minutes of signing in",
  }),
);

export const PasskeyOptionsBody = t.Object({ password: PROOF });
export type PasskeyOptionsBody = typeof PasskeyOptionsBody.static;

export const PasskeyBody = t.Object({
  response: t.Unknown({ description: "What @simplewebauthn/browser's startRegistration() answered" }),
  name: t.Optional(t.String({ description: '1–64 characters; "Passkey" and the date when left out' })),
  password: PROOF,
});
export type PasskeyBody = typeof PasskeyBody.static;

export const PasskeyNameBody = t.Object({ name: t.String({ description: "1–64 characters" }) });
export type PasskeyNameBody = typeof PasskeyNameBody.static;

export const PasskeyParams = t.Object({ id: t.String({ description: "The passkey's id" }) });

export const PasskeyResponse = t.Object({ success: t.Literal(true), msg: t.String(), passkey: PasskeySchema });
export type PasskeyResponse = typeof PasskeyResponse.static;

export const PasskeysResponse = t.Object({ success: t.Literal(true), passkeys: t.Array(PasskeySchema) });
export type PasskeysResponse = typeof PasskeysResponse.static;

export const ResetTokenBody = t.Object({ token: t.String({ description: "The reset link's token (#token=…)" }) });

export const ResetPasskeysResponse = t.Object({
  success: t.Literal(true),
  passkeys: t.Array(
    t.Composite([
      PasskeySchema,
      t.Object({
        goes: t.Boolean({
          description:
            "The reset removes it by itself: added by a session the reset ends, or before the address was confirmed",
        }),
      }),
    ]),
  ),
});
export type ResetPasskeysResponse = typeof ResetPasskeysResponse.static;

/** The WebAuthn options in their JSON form, as @simplewebauthn/browser takes them. */
export const WebAuthnOptions = t.Record(t.String(), t.Unknown(), {
  description: "PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON",
});

export const PasskeySignInBody = t.Object({
  response: t.Unknown({ description: "What @simplewebauthn/browser's startAuthentication() answered" }),
});
export type PasskeySignInBody = typeof PasskeySignInBody.static;

export const RememberedDeviceSchema = t.Object({
  id: t.String({ format: "uuid" }),
  created_at: t.String({ format: "date-time", description: "When it was remembered at the code step" }),
  expires_at: t.String({ format: "date-time", description: "30 days after" }),
  last_used_at: t.Nullable(t.String({ format: "date-time", description: "The last sign-in that skipped the code" })),
  ip: t.Nullable(t.String()),
  user_agent: t.Nullable(t.String()),
});
export type RememberedDevice = typeof RememberedDeviceSchema.static;

export const RememberedDevicesResponse = t.Object({
  success: t.Literal(true),
  devices: t.Array(RememberedDeviceSchema, { description: "Newest first; the expired ones are left out" }),
});
export type RememberedDevicesResponse = typeof RememberedDevicesResponse.static;

export const DeviceParams = t.Object({ id: t.String({ description: "A remembered device's id" }) });
