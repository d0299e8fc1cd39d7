/**
 * Unsaved form input kept across a sign-in: when the session ends while somebody is typing, each
 * open form hands over what it holds (never a password), the page goes to sign-in, and the same
 * form, shown again after sign-in, takes it back. Kept in sessionStorage: this tab only, gone
 * when the tab closes.
 */

type Values = Record<string, string>;

const PREFIX = "datta:draft:";
const open = new Map<string, () => Values | null>();

/** A mounted form offers its unsaved values (or null when there are none); returns the undo. */
export function offerDraft(key: string, read: () => Values | null): () => void {
  open.set(key, read);
  return () => {
    if (open.get(key) === read) open.delete(key);
  };
}

/** Every open form's unsaved values, kept for after the next sign-in. */
export function keepDrafts(): void {
  for (const [key, read] of open) {
    const values = read();
    if (values) sessionStorage.setItem(PREFIX + key, JSON.stringify(values));
  }
}

/** The values kept for this form, once: taking them removes them. */
export function takeDraft(key: string): Values | null {
  const kept = sessionStorage.getItem(PREFIX + key);
  if (kept === null) return null;
  sessionStorage.removeItem(PREFIX + key);
  try {
    const values = JSON.parse(kept) as unknown;
    return values && typeof values === "object" ? (values as Values) : null;
  } catch {
    return null;
  }
}

/** Signing out on purpose: nothing is kept for anybody. */
export function dropDrafts(): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
}

/** Passwords are never written anywhere. */
export function withoutSecrets(values: Values): Values {
  return Object.fromEntries(Object.entries(values).filter(([name]) => !/password|confirm/i.test(name)));
}
