/**
 * Which IP addresses the server may connect to on an owner's behalf. An allow-list of global
 * unicast space, minus IANA's special-purpose registries (RFC 6890 and its updates): a webhook or
 * a policy URL must never reach the server's own loopback, the cloud metadata address
 * (169.254.169.254), the operator's private network, or the same through an IPv6 form that
 * embeds an IPv4 address (::ffff:127.0.0.1, 64:ff9b::a00:1, 2002:7f00:1::).
 *
 * Only canonical text is parsed here (dotted quads, RFC 4291 IPv6): URL hosts come normalised by
 * the WHATWG URL parser (0x7f000001, 2130706433, 127.1 and 0177.0.0.1 are all `127.0.0.1` there),
 * and resolved addresses come from the resolver. Anything that does not parse is refused.
 */

type Range4 = readonly [base: number, bits: number, reason: string];

const v4 = (text: string) => text.split('.').reduce((n, part) => n * 256 + Number(part), 0);

// Order matters only for the reason given: the narrower, better-known name comes first.
const BLOCKED_V4: Range4[] = (
  [
    ['0.0.0.0', 8, 'an unspecified ("this network") address'],
    ['10.0.0.0', 8, 'a private address'],
    ['100.64.0.0', 10, 'a shared (CGNAT) address'],
    ['127.0.0.0', 8, 'a loopback address'],
    ['169.254.0.0', 16, 'a link-local address'],
    ['172.16.0.0', 12, 'a private address'],
    ['192.0.0.0', 24, 'a reserved (IETF protocol) address'],
    ['192.0.2.0', 24, 'a documentation address'],
    ['192.88.99.0', 24, 'a reserved (6to4 relay) address'],
    ['192.168.0.0', 16, 'a private address'],
    ['198.18.0.0', 15, 'a reserved (benchmarking) address'],
    ['198.51.100.0', 24, 'a documentation address'],
    ['203.0.113.0', 24, 'a documentation address'],
    ['224.0.0.0', 4, 'a multicast address'],
    ['255.255.255.255', 32, 'the broadcast address'],
    ['240.0.0.0', 4, 'a reserved address'],
  ] as const
).map(([base, bits, reason]) => [v4(base), bits, reason] as const);

const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** A canonical dotted quad as a number, or undefined. */
export function parseIPv4(text: string): number | undefined {
  return DOTTED_QUAD.test(text) ? v4(text) : undefined;
}

/** RFC 4291 text (with `::` and an optional dotted-quad tail; a `%zone` is dropped) as 8 groups, or undefined. */
export function parseIPv6(text: string): number[] | undefined {
  let s = text.replace(/^\[|\]$/g, '').toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!/^[0-9a-f:.]+$/.test(s) || !s.includes(':')) return undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    // A dotted-quad tail (::ffff:127.0.0.1) stands for the last two groups.
    const quad = parseIPv4(s.slice(lastColon + 1));
    if (quad === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${Math.floor(quad / 65536).toString(16)}:${(quad % 65536).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const explicit = head.length + rest.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const zeros = Array<number>(8 - explicit).fill(0);
  return [...head.map((g) => parseInt(g, 16)), ...(halves.length === 2 ? zeros : []), ...rest.map((g) => parseInt(g, 16))];
}

function blockedV4(n: number): string | undefined {
  for (const [base, bits, reason] of BLOCKED_V4) {
    const size = 2 ** (32 - bits);
    if (Math.floor(n / size) === Math.floor(base / size)) return reason;
  }
  return undefined;
}

const embedded = (hi: number, lo: number) => hi * 65536 + lo;
const dotted = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

function blockedV6(g: number[]): string | undefined {
  const [a, b, c, d, e, f, h, l] = g as [number, number, number, number, number, number, number, number];
  const zeroTo = (k: number) => g.slice(0, k).every((x) => x === 0);
  if (zeroTo(8)) return 'an unspecified address';
  if (zeroTo(7) && l === 1) return 'a loopback address';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): the IPv4 address is what a dual-stack socket reaches.
  if (zeroTo(5) && f === 0xffff) return inner(embedded(h, l), 'IPv4-mapped');
  if (zeroTo(6)) return inner(embedded(h, l), 'IPv4-compatible') ?? 'a reserved (IPv4-compatible) address';
  // NAT64 (RFC 6052): the well-known prefix reaches the embedded IPv4 address through a translator.
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return inner(embedded(h, l), 'NAT64');
  if (a === 0x64 && b === 0xff9b && c === 1) return 'a private (local-use NAT64) address';
  // 6to4 (RFC 3056): 2002:AABB:CCDD::/48 routes to AA.BB.CC.DD.
  if (a === 0x2002) return inner(embedded(b, c), '6to4');
  if (a === 0x2001 && b === 0x0db8) return 'a documentation address';
  if (a === 0x3fff && b < 0x1000) return 'a documentation address';
  if (a === 0x2001 && b < 0x0200) return 'a reserved (IETF protocol, Teredo) address';
  if ((a & 0xfe00) === 0xfc00) return 'a private (unique local) address';
  if ((a & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((a & 0xffc0) === 0xfec0) return 'a site-local address';
  if ((a & 0xff00) === 0xff00) return 'a multicast address';
  // Everything else outside 2000::/3 (global unicast) is unassigned or special.
  if ((a & 0xe000) !== 0x2000) return 'a reserved address';
  return undefined;
}

function inner(n: number, form: string): string | undefined {
  const reason = blockedV4(n);
  return reason && `${reason} (${dotted(n)}) in ${form} form`;
}

/**
 * Why the server must not connect to `address`, or undefined when it may. `address` is an IPv4
 * dotted quad or IPv6 text (brackets and a zone allowed); anything else is refused as unparsable.
 */
export function blockedAddressReason(address: string): string | undefined {
  const quad = parseIPv4(address);
  if (quad !== undefined) return blockedV4(quad);
  const groups = parseIPv6(address);
  if (groups) return blockedV6(groups);
  return 'not an IP address';
}
