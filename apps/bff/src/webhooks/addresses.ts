import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { lookup as lookupCallback } from 'node:dns';

/**
 * Where webhooks may go (SSRF): never to a private, loopback, link-local, shared, multicast or otherwise reserved
 * address — unless ROSTER_WEBHOOKS_ALLOW_PRIVATE says so (development and tests). Checked when an endpoint is saved
 * (every address its name resolves to) and again at each connection (the address actually dialled), so a name that
 * later resolves to an inside address (DNS rebinding) is refused too.
 */
// One list per family: a BlockList checks an IPv6 address against its IPv4 rules too (as mapped addresses).
const blocked4 = new BlockList();
const blocked6 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked4.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked6.addSubnet(net, bits, 'ipv6');

/** Whether an address (v4 or v6) is one webhooks never go to. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    // An IPv4-mapped address is judged as the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked4.check(mapped[1]!, 'ipv4');
  }
  return family === 6 ? blocked6.check(address, 'ipv6') : blocked4.check(address, 'ipv4');
}

/** Why a URL may not receive webhooks, or null: its host is (or resolves to) an internal address, or does not resolve. */
export async function webhookUrlRefusal(url: string, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isInternalAddress(host) ? 'Points at a private, loopback or link-local address, which webhooks never go to.' : null;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) return 'Points at a local name, which webhooks never go to.';
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return 'The host name does not resolve.';
  }
  return addresses.some((a) => isInternalAddress(a.address)) ? 'Resolves to a private, loopback or link-local address, which webhooks never go to.' : null;
}

/** A `lookup` for http(s).request that refuses to dial an internal address (unless allowed). */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookupCallback(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as { address: string; family: number }[];
      const usable = allowPrivate ? list : list.filter((a) => !isInternalAddress(a.address));
      if (usable.length === 0) return callback(Object.assign(new Error(`Refused: ${hostname} resolves to an internal address.`), { code: 'EWEBHOOKADDRESS' }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof usable) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
