import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { blockedAddressReason } from './address.ts';
import { checkTarget, type TargetOptions } from './target.ts';

export interface OutboundRequest {
  /** @default 'GET' */
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** From the first byte sent to the last byte received. @default 10000 */
  timeoutMs?: number;
  /** For the TCP connection alone. @default 5000 */
  connectTimeoutMs?: number;
  /** A longer response is refused (`response_too_large`), not cut short. @default 1 MiB */
  maxBytes?: number;
  /** When given, the URL's origin must be one of these. */
  allowedOrigins?: readonly string[];
}

export interface OutboundResponse {
  status: number;
  /** 2xx. A 3xx is not followed and is not ok: `redirect` is set and `headers.location` says where it pointed. */
  ok: boolean;
  redirect: boolean;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text(): string;
}

export type OutboundErrorCode =
  | 'invalid_url' | 'scheme_not_allowed' | 'origin_not_allowed' | 'target_not_public'
  | 'dns_failed' | 'connect_timeout' | 'timeout' | 'response_too_large' | 'network_error';

/** Why a request was not sent or not finished. `message` names the problem for an owner; it never holds the body. */
export class OutboundError extends Error {
  override readonly name = 'OutboundError';
  constructor(readonly code: OutboundErrorCode, message: string) {
    super(message);
  }
}

/** Resolves a host name to all its addresses (dns.lookup with `all`); injectable for tests. */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

export interface FetchContext extends TargetOptions {
  resolve: Resolver;
  /** Extra trusted certificates (PEM), for tests with their own https receiver. */
  ca?: string;
}

/**
 * One request to a URL an owner gave us, and nothing else: the name is resolved once, every
 * address it resolves to must be public (one bad address refuses the whole name, so DNS
 * round-robin cannot smuggle one in), and the socket connects to the checked address, not to a
 * second lookup a rebinding DNS server could answer differently. TLS SNI and Host stay the name.
 * No redirect is followed.
 */
export async function guardedFetch(url: string | URL, request: OutboundRequest, context: FetchContext): Promise<OutboundResponse> {
  const { method = 'GET', headers = {}, body, timeoutMs = 10_000, connectTimeoutMs = 5_000, maxBytes = 1024 * 1024, allowedOrigins } = request;
  const target = checkTarget(url, { ...context, ...(allowedOrigins ? { allowedOrigins } : {}) });
  if (!target.ok) throw new OutboundError(target.code, target.message);
  const address = target.address ? { address: target.address, family: target.address.includes(':') ? 6 : 4 } : await resolveChecked(target.host, context);
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  const { url: u } = target;
  const transport = u.protocol === 'https:' ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    const fail = (error: OutboundError) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      req.destroy();
      reject(error);
    };
    const total = setTimeout(() => fail(new OutboundError('timeout', `${u.host} did not answer within ${timeoutMs} ms.`)), timeoutMs);
    const req = transport.request(
      {
        protocol: u.protocol,
        host: target.host,
        port: u.port || undefined,
        path: `${u.pathname}${u.search}`,
        method,
        headers: { ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) },
        ...(u.username ? { auth: `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` } : {}),
        lookup,
        agent: false,
        ...(context.ca ? { ca: context.ca } : {}),
      },
      (res) => {
        const declared = Number(res.headers['content-length']);
        if (declared > maxBytes) return fail(new OutboundError('response_too_large', `${u.host} answered with more than ${maxBytes} bytes.`));
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) fail(new OutboundError('response_too_large', `${u.host} answered with more than ${maxBytes} bytes.`));
          else chunks.push(chunk);
        });
        res.on('error', () => fail(new OutboundError('network_error', `The connection to ${u.host} broke.`)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(total);
          const status = res.statusCode ?? 0;
          const all = Buffer.concat(chunks);
          resolve({ status, ok: status >= 200 && status < 300, redirect: status >= 300 && status < 400, headers: res.headers, body: all, text: () => all.toString('utf8') });
        });
      },
    );
    req.on('socket', (socket) => {
      const connect = setTimeout(() => fail(new OutboundError('connect_timeout', `Could not connect to ${u.host} within ${connectTimeoutMs} ms.`)), connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connect));
      socket.once('close', () => clearTimeout(connect));
    });
    req.on('error', (error: NodeJS.ErrnoException) => fail(new OutboundError('network_error', `Could not reach ${u.host} (${error.code ?? error.name}).`)));
    req.end(body);
  });
}

async function resolveChecked(host: string, context: FetchContext): Promise<LookupAddress> {
  let addresses: LookupAddress[];
  try {
    addresses = await context.resolve(host);
  } catch (error) {
    throw new OutboundError('dns_failed', `${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'no answer'}).`);
  }
  if (addresses.length === 0) throw new OutboundError('dns_failed', `${host} has no address.`);
  if (!context.allowPrivateNetworks) {
    for (const { address } of addresses) {
      const reason = blockedAddressReason(address);
      if (reason) throw new OutboundError('target_not_public', `${host} resolves to ${address}, ${reason}; the server only connects to public addresses.`);
    }
  }
  return addresses[0]!;
}
