/**
 * A cookie jar that behaves as a browser does for our cookies: it keeps what Set-Cookie says,
 * forgets a cookie set with Max-Age=0, and sends the rest back in one Cookie header. It also
 * records the attributes, so tests can assert HttpOnly, SameSite and Secure.
 */
export interface StoredCookie {
  name: string;
  value: string;
  attributes: Map<string, string | true>;
}

export function parseSetCookie(header: string): StoredCookie {
  const [pair = "", ...rest] = header.split(";");
  const eq = pair.indexOf("=");
  const attributes = new Map<string, string | true>();
  for (const part of rest) {
    const [key = "", ...value] = part.trim().split("=");
    attributes.set(key.toLowerCase(), value.length ? value.join("=") : true);
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

export class CookieJar {
  readonly cookies = new Map<string, StoredCookie>();

  /** Takes the Set-Cookie headers of a response; returns them parsed. */
  take(response: Response): StoredCookie[] {
    const set = response.headers.getSetCookie().map(parseSetCookie);
    for (const cookie of set) {
      const expires = cookie.attributes.get("expires");
      const expired = typeof expires === "string" && Date.parse(expires) <= Date.now();
      if (cookie.attributes.get("max-age") === "0" || expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie);
    }
    return set;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  header(): string {
    return [...this.cookies.values()].map((c) => `${c.name}=${c.value}`).join("; ");
  }

  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [name, cookie] of this.cookies)
      copy.cookies.set(name, { ...cookie, attributes: new Map(cookie.attributes) });
    return copy;
  }
}
