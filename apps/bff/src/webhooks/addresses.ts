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

/**
 * Where this deployment lets webhooks go beyond the public internet: everywhere (`allowPrivate`, development and
 * tests), or the operator's own networks (`allowedNetworks`, ROSTER_WEBHOOKS_ALLOWED_NETWORKS: a receiver inside the
 * vendor's network, allowed in production since the operator names it address by address).
 */
export interface WebhookReach {
  allowPrivate: boolean;
  allowedNetworks?: readonly string[] | undefined;
}

/** An address (`10.1.2.3`, `fd00::5`) or a network (`10.1.0.0/16`, `fd00::/64`), or null when it is neither. */
export function parseNetwork(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', bits, ...rest] = text.trim().split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}

const allowLists = new Map<string, BlockList>();
function allowList(networks: readonly string[]): BlockList {
  const key = networks.join(',');
  let list = allowLists.get(key);
  if (!list) {
    list = new BlockList();
    for (const n of networks) {
      const parsed = parseNetwork(n);
      if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
    allowLists.set(key, list);
  }
  return list;
}

/** Whether webhooks may not dial this address under `reach`. */
export function refusesAddress(address: string, reach: WebhookReach): boolean {
  if (reach.allowPrivate || !isInternalAddress(address)) return false;
  if (!reach.allowedNetworks?.length) return true;
  const family = isIP(address);
  return !(family !== 0 && allowList(reach.allowedNetworks).check(address, family === 4 ? 'ipv4' : 'ipv6'));
}

/** Why a URL may not receive webhooks, or null: its host is (or resolves to) an internal address, or does not resolve. */
export async function webhookUrlRefusal(url: string, reach: WebhookReach): Promise<string | null> {
  if (reach.allowPrivate) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return refusesAddress(host, reach) ? 'Points at a private, loopback or link-local address, which webhooks never go to.' : null;
  // Local names are refused by name unless the operator allowed networks of its own (its names resolve into them).
  if (!reach.allowedNetworks?.length && (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local'))) return 'Points at a local name, which webhooks never go to.';
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return 'The host name does not resolve.';
  }
  return addresses.some((a) => refusesAddress(a.address, reach)) ? 'Resolves to a private, loopback or link-local address, which webhooks never go to.' : null;
}

/** A `lookup` for http(s).request that refuses to dial an internal address (unless allowed). */
export function guardedLookup(reach: WebhookReach): LookupFunction {
  return (hostname, options, callback) => {
    lookupCallback(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as { address: string; family: number }[];
      const usable = list.filter((a) => !refusesAddress(a.address, reach));
      if (usable.length === 0) return callback(Object.assign(new Error(`Refused: ${hostname} resolves to an internal address.`), { code: 'EWEBHOOKADDRESS' }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof usable) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
