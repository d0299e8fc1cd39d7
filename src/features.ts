/**
 * The features of this server, in the order their routes are mounted and their event types are
 * listed. Adding one is a line here (and its folder, its migration, its dashboard folder): each
 * takes from the app's dependencies what it needs, and nothing else.
 */
import { accessFeature } from "./access/feature.ts";
import { accountFeature } from "./account/feature.ts";
import { adminFeature } from "./admin/feature.ts";
import type { AppDeps } from "./app.ts";
import { emailFeature } from "./email/feature.ts";
import type { AccountMailer } from "./email/mailer.ts";
import { forwardAuthFeature } from "./forward-auth/feature.ts";
import { healthFeature } from "./health/feature.ts";
import { silentLogger } from "./http/log.ts";
import type { Feature } from "./kit.ts";
import type { Metrics } from "./metrics/metrics.ts";
import { oidcFeature } from "./oidc/feature.ts";
import type { Store } from "./platform/store/store.ts";
import { sessionFeature } from "./session/feature.ts";
import type { SessionRecords } from "./session/records.ts";
import { signInFeature } from "./sign-in/feature.ts";
import type { SignIn } from "./sign-in/service.ts";
import { twoFactorFeature } from "./two-factor/feature.ts";
import { upstreamFeature } from "./upstream/feature.ts";

/** What createApp built before the features: the store counted, and the services every feature shares. */
export interface Built {
  store: Store;
  metrics: Metrics;
  records: SessionRecords;
  signIn: SignIn;
  mailer: AccountMailer;
}

export const features = (app: AppDeps, { store, metrics, records, signIn, mailer }: Built): Feature[] => [
  healthFeature(app),
  accountFeature(),
  signInFeature({ signIn, onSignIn: metrics.signIn }),
  emailFeature(mailer),
  twoFactorFeature({ sealer: app.sealer, store, publicUrl: app.email.publicUrl, cookieSecure: app.cookies.secure }),
  adminFeature({ adminEmails: app.adminEmails ?? [], records, blocklist: store }),
  accessFeature({ rules: app.accessRules }),
  sessionFeature(),
  forwardAuthFeature({ ...app.forwardAuth, trustProxy: app.trustProxy ?? false }),
  oidcFeature({
    issuer: app.email.publicUrl,
    keyring: app.forwardAuth.keyring,
    sealer: app.sealer,
    store,
    logger: app.logger ?? silentLogger,
  }),
  upstreamFeature({
    upstreams: app.upstreams ?? [],
    store,
    publicUrl: app.email.publicUrl,
    secureCookies: app.cookies.secure,
    logger: app.logger ?? silentLogger,
  }),
];
