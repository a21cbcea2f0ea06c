// No server-side request forgery: an endpoint URL whose host is, or resolves
// to, a loopback, private, link-local (cloud metadata), unspecified or
// carrier-grade NAT address is refused unless WEBHOOK_ALLOW_PRIVATE_NETWORKS
// names it. The check runs at save time and again at every send, and the
// connection goes to the address that was checked (no DNS rebinding between
// the check and the connect).
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

const blocked = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

export interface ResolvedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export class RefusedUrl extends Error {}

/** An allow list from the setting: IPs and CIDRs (`127.0.0.1`, `10.1.0.0/16`, `::1`). */
export function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [ip, bits] = entry.split('/') as [string, string | undefined];
    const family = isIP(ip);
    if (!family) continue;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(bits), type);
  }
  return list;
}

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it maps. */
function normalise(address: string, family: number): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, type: 'ipv4' };
  return { address, type: family === 6 ? 'ipv6' : 'ipv4' };
}

export function isPrivateAddress(address: string, allowed: BlockList): boolean {
  const family = isIP(address);
  if (!family) return true;
  const n = normalise(address, family);
  return blocked.check(n.address, n.type) && !allowed.check(n.address, n.type);
}

/** The URL's syntax alone (at save time the name may not resolve yet). */
export function parseEndpointUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedUrl('not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RefusedUrl('only http and https URLs');
  if (url.username || url.password) throw new RefusedUrl('credentials in the URL are not allowed');
  return url;
}

/** Resolves the host; refuses when any address it resolves to is private (and not allowed). */
export async function resolveTarget(raw: string, allowed: BlockList): Promise<ResolvedTarget> {
  const url = parseEndpointUrl(raw);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host);
  let addresses: { address: string; family: number }[];
  if (literal) addresses = [{ address: host, family: literal }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new RefusedUrl(`host ${host} does not resolve`);
    }
  }
  if (!addresses.length) throw new RefusedUrl(`host ${host} does not resolve`);
  const bad = addresses.find((a) => isPrivateAddress(a.address, allowed));
  if (bad) throw new RefusedUrl(`host ${host} resolves to a loopback, private, link-local or metadata address (${bad.address})`);
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
