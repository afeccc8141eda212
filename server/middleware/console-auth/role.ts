import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.ts';
import type { Role } from '../../store/index.ts';
import type { ConsoleEnv } from './session.ts';

/** Owners run sites, keys, accounts and settings; agents work chats and requests. Owners may do both. */
export function requireRole(role: Role): MiddlewareHandler<ConsoleEnv> {
  return async function requireRoleHandler(c, next) {
    const { account } = c.get('session');
    if (role === 'owner' && account.role !== 'owner') throw new ApiError(403, 'forbidden_role', 'Only an owner may do this.');
    await next();
  };
}
