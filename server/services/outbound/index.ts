/** @module Server-side requests to addresses owners choose (webhooks, policy import): public https targets only, resolved once, no redirects, bounded in time and size. */
export { blockedAddressReason } from './address.ts';
export { OutboundError, type OutboundErrorCode, type OutboundRequest, type OutboundResponse, type Resolver } from './fetch.ts';
export { createOutboundGuard, type OutboundGuard, type OutboundGuardOptions } from './guard.ts';
export { checkTarget, type TargetCheck, type TargetOptions } from './target.ts';
