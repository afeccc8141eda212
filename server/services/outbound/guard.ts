import { guardedFetch, systemResolver, type OutboundRequest, type OutboundResponse, type Resolver } from './fetch.ts';
import { checkTarget, type TargetCheck } from './target.ts';

export interface OutboundGuardOptions {
  /**
   * Let requests reach loopback, private and other non-public addresses. For tests whose receivers
   * listen on 127.0.0.1; production never sets it (there is no environment variable for it).
   * @default false
   */
  allowPrivateNetworks?: boolean;
  /** Allow plain `http:` targets. @default false */
  allowHttp?: boolean;
  /** How names are resolved. @default dns.lookup with all addresses */
  resolve?: Resolver;
  /** Certificates (PEM) to trust besides the system's, for a test's own https receiver. */
  ca?: string;
}

/** Every request the server makes to an address an owner chose goes through one of these. */
export interface OutboundGuard {
  /** Whether a URL may be saved as a target (no DNS): refusals name the problem, for a 400. */
  checkTarget(url: string | URL, options?: { allowedOrigins?: readonly string[] }): TargetCheck;
  /** A request to a checked, resolved-once address; rejects with `OutboundError`. */
  fetch(url: string | URL, request?: OutboundRequest): Promise<OutboundResponse>;
}

export function createOutboundGuard({ allowPrivateNetworks = false, allowHttp = false, resolve = systemResolver, ca }: OutboundGuardOptions = {}): OutboundGuard {
  const base = { allowPrivateNetworks, allowHttp };
  return {
    checkTarget: (url, options = {}) => checkTarget(url, { ...base, ...options }),
    fetch: (url, request = {}) => guardedFetch(url, request, { ...base, resolve, ...(ca ? { ca } : {}) }),
  };
}
