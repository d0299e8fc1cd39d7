import { HttpError, rateLimited } from "../http/errors.ts";
import { MESSAGES } from "../http/messages.ts";
import { guarded, type RateLimiter } from "../platform/rate-limit.ts";
import type { PasswordHasher } from "./password.ts";
import type { UserRecord } from "./repository.ts";

/**
 * The signed-in user's password, typed again to confirm a sensitive change (password, deletion,
 * two-factor settings): at most 5 wrong ones per account per 15 minutes (a stolen session must not
 * guess it without bound), then 429; a wrong one is 403 with `wrong`. `then` runs once the password
 * is right, under the same attempt.
 */
export function passwordConfirmation(limiter: RateLimiter, passwords: PasswordHasher) {
  return async function withPassword<T>(
    user: UserRecord,
    password: string,
    wrong: string,
    then: () => Promise<T>,
  ): Promise<T> {
    const attempt = await limiter.passwordCheck(user.id);
    if (!attempt.ok) throw rateLimited(MESSAGES.tooManyPasswordAttempts(attempt.retryAfterSeconds), attempt);
    return guarded(attempt, async () => {
      if (!(await passwords.verify(password, user.password_hash))) throw new HttpError(403, wrong);
      await attempt.succeeded();
      return then();
    });
  };
}
