import { blockedAddressReason, parseIPv4, parseIPv6 } from './address.ts';

export interface TargetOptions {
  /** Allow loopback, private and other non-public addresses. Only tests and their loopback receivers need this. @default false */
  allowPrivateNetworks?: boolean;
  /** Allow `http:` as well as `https:`. @default false */
  allowHttp?: boolean;
  /** When given, the URL's origin must be one of these (e.g. a site's own origins for its policy page). */
  allowedOrigins?: readonly string[];
}

export type TargetCheck =
  | { ok: true; url: URL; /** The host without IPv6 brackets. */ host: string; /** Set when the host is an IP literal. */ address?: string }
  | { ok: false; code: 'invalid_url' | 'scheme_not_allowed' | 'origin_not_allowed' | 'target_not_public'; message: string };

// Names that never mean a public host: RFC 6761 localhost, mDNS, ICANN's private-use .internal, home networks.
const PRIVATE_NAME = /(^|\.)(localhost|local|internal|home\.arpa|lan|intranet)\.?$/i;

/**
 * Whether the server may send a request to `url` at all, from the URL alone (no DNS): what an
 * owner's form is checked with when a URL is saved. `guardedFetch` checks this again and then every
 * address the name resolves to.
 */
export function checkTarget(url: string | URL, options: TargetOptions = {}): TargetCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, code: 'invalid_url', message: 'Not a URL.' };
  }
  const schemes = options.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(parsed.protocol)) return { ok: false, code: 'scheme_not_allowed', message: `The URL must start with ${options.allowHttp ? 'https:// or http://' : 'https://'}.` };
  if (options.allowedOrigins && !options.allowedOrigins.includes(parsed.origin)) {
    return { ok: false, code: 'origin_not_allowed', message: `${parsed.origin} is not one of the allowed origins (${options.allowedOrigins.join(', ')}).` };
  }
  // The WHATWG parser has already turned 0x7f000001, 2130706433, 127.1 and 0177.0.0.1 into 127.0.0.1.
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const isAddress = parseIPv4(host) !== undefined || parseIPv6(host) !== undefined;
  if (!isAddress && PRIVATE_NAME.test(host)) return notPublic(options, parsed, host, `${host} is a local name, not a public host.`);
  if (!isAddress && !host.includes('.')) return notPublic(options, parsed, host, `${host} is not a public host name (it has no domain).`);
  if (isAddress) {
    const reason = blockedAddressReason(host);
    if (reason) return notPublic(options, parsed, host, `${host} is ${reason}; the server only connects to public addresses.`, host);
    return { ok: true, url: parsed, host, address: host };
  }
  return { ok: true, url: parsed, host };
}

function notPublic(options: TargetOptions, url: URL, host: string, message: string, address?: string): TargetCheck {
  if (options.allowPrivateNetworks) return { ok: true, url, host, ...(address ? { address } : {}) };
  return { ok: false, code: 'target_not_public', message };
}
