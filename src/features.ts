/**
 * The features of this server, in the order their routes are mounted and their event types are
 * listed. Adding one is a line here (and its folder, its migration, its dashboard folder).
 */
import { accountFeature } from "./account/feature.ts";
import { type AdminDeps, adminFeature } from "./admin/feature.ts";
import { emailFeature } from "./email/feature.ts";
import type { AccountMailer } from "./email/mailer.ts";
import type { AssertionOptions } from "./forward-auth/assertion.ts";
import { forwardAuthFeature } from "./forward-auth/feature.ts";
import { healthFeature } from "./health/feature.ts";
import type { HealthDeps } from "./health/routes.ts";
import type { Feature } from "./kit.ts";
import { sessionFeature } from "./session/feature.ts";
import { signInFeature } from "./sign-in/feature.ts";
import { type TwoFactorDeps, twoFactorFeature } from "./two-factor/feature.ts";

export interface FeatureDeps {
  health: HealthDeps;
  signIn: Parameters<typeof signInFeature>[0];
  mailer: AccountMailer;
  twoFactor: TwoFactorDeps;
  admin: AdminDeps;
  forwardAuth: AssertionOptions;
}

export const features = (deps: FeatureDeps): Feature[] => [
  healthFeature(deps.health),
  accountFeature(),
  signInFeature(deps.signIn),
  emailFeature(deps.mailer),
  twoFactorFeature(deps.twoFactor),
  adminFeature(deps.admin),
  sessionFeature(),
  forwardAuthFeature(deps.forwardAuth),
];
