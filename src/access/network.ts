/**
 * Networks of the access rules (`networks: [CIDR]`): IPv4 and IPv6 prefixes, parsed once into
 * numbers, so a request's address is compared with two integer operations per network. An IPv4
 * address mapped into IPv6 (`::ffff:192.0.2.1`, how a dual-stack socket reports IPv4) is its IPv4.
 */
import { isIPv4, isIPv6 } from "node:net";

export interface Network {
  v6: boolean;
  /** The address with the host bits cleared. */
  base: bigint;
  mask: bigint;
}

function v4ToBigint(ip: string): bigint {
  return ip.split(".").reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n);
}

function v6ToBigint(ip: string): bigint {
  // A trailing dotted IPv4 part becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  let text = ip;
  if (dotted) {
    const v4 = v4ToBigint(dotted[1] as string);
    text = `${ip.slice(0, -(dotted[1] as string).length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? (text.split("::") as [string, string]) : [text, null];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === null ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((n, group) => (n << 16n) | BigInt(Number.parseInt(group || "0", 16)), 0n);
}

/** An address as the rules compare it: its family and number; null when it is not an IP address. */
export function addressOf(ip: string): { v6: boolean; value: bigint } | null {
  const bare = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return { v6: false, value: v4ToBigint(mapped[1] as string) };
  if (isIPv4(bare)) return { v6: false, value: v4ToBigint(bare) };
  if (isIPv6(bare)) return { v6: true, value: v6ToBigint(bare) };
  return null;
}

/** A CIDR (`10.0.0.0/8`, `2001:db8::/32`; a bare address is its own /32 or /128); null when it is not one. */
export function parseNetwork(cidr: string): Network | null {
  const [ip, bits, extra] = cidr.trim().split("/");
  if (!ip || extra !== undefined) return null;
  const address = addressOf(ip);
  if (!address) return null;
  const width = address.v6 ? 128 : 32;
  const prefix = bits === undefined ? width : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width || (bits !== undefined && !/^\d+$/.test(bits)))
    return null;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(width - prefix);
  return { v6: address.v6, base: address.value & mask, mask };
}

export function inNetwork(address: { v6: boolean; value: bigint }, network: Network): boolean {
  return address.v6 === network.v6 && (address.value & network.mask) === network.base;
}
