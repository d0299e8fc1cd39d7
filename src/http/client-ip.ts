/**
 * The client's address. Behind our own proxy (TRUST_PROXY=true) it is the last entry of
 * X-Forwarded-For: the one nginx appended from the connection it accepted (entries before it
 * came from the client and can say anything). Otherwise it is the socket's address.
 */
export function clientIp(request: Request, socketIp: string | null, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = request.headers.get("x-forwarded-for");
    const last = forwarded?.split(",").at(-1)?.trim();
    if (last && last.length <= 64 && /^[0-9A-Fa-f:.]+$/.test(last)) return plainIp(last);
  }
  return socketIp === null ? null : plainIp(socketIp);
}

/** An IPv4 client on a dual-stack socket shows as ::ffff:1.2.3.4; people know it as 1.2.3.4. */
function plainIp(ip: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip;
}
