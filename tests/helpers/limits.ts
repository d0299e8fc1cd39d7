/**
 * The contract's rate-limit numbers by name, as the features declare them (each feature's
 * `limits`, and the kit's password check), for tests that count up to a limit or shrink one.
 */
import { ACCOUNT_LIMITS } from "../../src/account/feature.ts";
import { EMAIL_LIMITS } from "../../src/email/feature.ts";
import { CONFIRM_LIMITS } from "../../src/kit.ts";
import type { LimitRules } from "../../src/platform/rate-limit.ts";
import { SIGN_IN_LIMITS } from "../../src/sign-in/feature.ts";
import { TWO_FACTOR_LIMITS } from "../../src/two-factor/feature.ts";

type Numbers<R extends LimitRules> = { [K in keyof R]: R[K]["numbers"] };

const numbersOf = <R extends LimitRules>(rules: R): Numbers<R> =>
  Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, rule.numbers])) as Numbers<R>;

export const RATE_LIMITS = {
  ...numbersOf(CONFIRM_LIMITS),
  ...numbersOf(ACCOUNT_LIMITS),
  ...numbersOf(SIGN_IN_LIMITS),
  ...numbersOf(EMAIL_LIMITS),
  ...numbersOf(TWO_FACTOR_LIMITS),
};
