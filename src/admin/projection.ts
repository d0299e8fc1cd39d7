/**
 * What admin keeps on the user's row (its migration's `locked_at`), read from the record the kernel
 * loads, and the guard it plugs into sign-in: a locked account signs in no way at all.
 */
import { HttpError } from "../http/errors.ts";
import type { SignInGuard } from "../kit.ts";
import type { UserRecord } from "../users/repository.ts";
import { ADMIN_MESSAGES } from "./messages.ts";

/** Locked by an admin: no sign-in of any kind, every session ended. */
export const lockedOf = (user: UserRecord): boolean => user.row.locked_at != null;

/**
 * The right proof (a password, a passkey) of a locked account: 403, since whoever has it may know
 * why. A wrong password of a locked account still gets the answer of any wrong password.
 */
export const lockedAccounts: SignInGuard = (user) =>
  lockedOf(user) ? new HttpError(403, ADMIN_MESSAGES.accountLockedSignIn) : null;
