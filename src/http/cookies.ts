/** A cookie's value in a request's Cookie header (the first of that name), when it has the expected shape. */
export function cookieValue(cookieHeader: string | null, name: string, shape: RegExp): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const pair = part.trim();
    if (pair.startsWith(`${name}=`)) {
      const value = pair.slice(name.length + 1);
      return shape.test(value) ? value : null;
    }
  }
  return null;
}
