import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.ts';
import type { Account, Role } from '../../store/index.ts';
import type { ConsoleEnv } from './session.ts';

/**
 * What a signed-in account may do on which site: the one place the console decides it. Every
 * console route reaches it through `c.get('access')` (set with the session) or the middlewares below.
 *
 * The rule: an object on a site the caller does not work on answers exactly as an object that
 * does not exist (404 with the route's own not-found error), so no one learns what other sites
 * hold. A site the caller works on, but as agent where an owner is needed, answers 403
 * `forbidden_role`: the caller can see it, so saying why is no leak.
 */
export interface Access {
  readonly account: Account;
  readonly admin: boolean;
  /** The caller's role on a site (an administrator owns every site), or undefined. */
  role(site: string): Role | undefined;
  /** Whether the caller works on the site with at least `need`. */
  can(site: string, need: Role): boolean;
  /** The sites the caller works on with at least `need`; undefined for an administrator (every site). */
  sites(need?: Role): readonly string[] | undefined;
  /**
   * Passes when the caller may act on `site` as `need`. Otherwise throws `hidden` (the route's
   * not-found error, also thrown for an object that is not there: pass `site` undefined) when
   * the site is not the caller's, and 403 when only the role is too small.
   */
  require(site: string | undefined, need: Role, hidden: ApiError): void;
  /** For a list: `?site=` must be one of the caller's (else 404 unknown_site); without one, the caller's sites. */
  scope(site: string | undefined, need?: Role): { site?: string; sites?: readonly string[] };
  /** The rows on the caller's sites. */
  visible<T extends { site: string }>(rows: readonly T[], need?: Role): T[];
}

const RANK: Record<Role, number> = { agent: 1, owner: 2 };

export const unknownSite = () => new ApiError(404, 'unknown_site', 'No site has this key.');
export const forbiddenRole = () => new ApiError(403, 'forbidden_role', 'Only an owner of this site may do this.');

export function accessOf(account: Account): Access {
  const roles = new Map(account.sites.map((s) => [s.site, s.role]));
  const role = (site: string): Role | undefined => (account.admin ? 'owner' : roles.get(site));
  const can = (site: string, need: Role) => {
    const r = role(site);
    return r !== undefined && RANK[r] >= RANK[need];
  };
  const sites = (need: Role = 'agent') => (account.admin ? undefined : account.sites.filter((s) => RANK[s.role] >= RANK[need]).map((s) => s.site));
  return {
    account,
    admin: account.admin,
    role,
    can,
    sites,
    require(site, need, hidden) {
      if (site === undefined || !role(site)) throw hidden;
      if (!can(site, need)) throw forbiddenRole();
    },
    scope(site, need = 'agent') {
      if (site !== undefined) {
        if (!role(site)) throw unknownSite();
        if (!can(site, need)) throw forbiddenRole();
        return { site };
      }
      const list = sites(need);
      return list ? { sites: list } : {};
    },
    visible: (rows, need = 'agent') => rows.filter((r) => can(r.site, need)),
  };
}

export const accessFrom = (c: Context<ConsoleEnv>): Access => c.get('access');

/**
 * For routes that are not about one site: an owner of some site (or the administrator) for
 * `owner`, the server's administrator for `admin`. What such a route then shows is still
 * limited to the caller's sites by `scope` / `visible`.
 */
export function requireRole(need: Role | 'admin'): MiddlewareHandler<ConsoleEnv> {
  return async function requireRoleHandler(c, next) {
    const access = accessFrom(c);
    if (need === 'admin' && !access.admin) throw new ApiError(403, 'forbidden_role', 'Only a server administrator may do this.');
    if (need === 'owner' && !access.admin && !access.sites('owner')!.length) throw new ApiError(403, 'forbidden_role', 'Only an owner may do this.');
    await next();
  };
}

/** For `/sites/:key/…`: the key must be one of the caller's sites (else 404, as an unknown key), with `need`. */
export function requireSite(need: Role, param = 'key'): MiddlewareHandler<ConsoleEnv> {
  return async function requireSiteHandler(c, next) {
    accessFrom(c).require(c.req.param(param), need, unknownSite());
    await next();
  };
}
