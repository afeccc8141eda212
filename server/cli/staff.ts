/**
 * The CLI's part of staff and roles (`create`, `role`), kept apart from admin.ts so it reads as
 * the rules it applies: the same per-site roles and administrator flag as the console.
 */
import type { Role, SiteRole, Store } from '../store/index.ts';

export interface StaffRequest {
  command: 'create' | 'role';
  email: string;
  /** `none` takes the role away (`role` only). */
  role?: Role | 'none';
  /** The sites the role is on; empty with `create --role`: every site there is. */
  sites: string[];
  admin?: boolean;
}

interface StaffArgs {
  email?: string | undefined;
  role?: string | undefined;
  site?: string[] | undefined;
  admin?: boolean | undefined;
  'no-admin'?: boolean | undefined;
}

/** The arguments as a request, or what is wrong with them. */
export function parseStaffArgs(command: 'create' | 'role', v: StaffArgs): StaffRequest | string {
  if (!v.email || !/^[^@\s]+@[^@\s]+$/.test(v.email)) return `${command} needs --email`;
  const roles = command === 'role' ? ['owner', 'agent', 'none'] : ['owner', 'agent'];
  if (v.role !== undefined && !roles.includes(v.role)) return `--role is ${roles.join(', ')}`;
  if (v.admin && v['no-admin']) return 'give --admin or --no-admin, not both';
  const admin = v.admin ? true : v['no-admin'] ? false : undefined;
  if (command === 'create' && admin === false) return 'create makes an account; take the administrator flag away with role --no-admin';
  if (v.role === undefined && admin === undefined) return command === 'create' ? 'create needs --admin or --role owner|agent' : 'role needs --role with --site, or --admin / --no-admin';
  if (v.site?.length && v.role === undefined) return '--site goes with --role';
  if (command === 'role' && v.role !== undefined && !v.site?.length) return 'role --role needs the sites: --site pk_… (once per site)';
  return { command, email: v.email, sites: v.site ?? [], ...(v.role ? { role: v.role as Role | 'none' } : {}), ...(admin === undefined ? {} : { admin }) };
}

/**
 * Applies a request: makes the account (with `passwordHash`) or sets its password, then its
 * administrator flag and roles. Unknown sites and accounts are refused before anything changes.
 */
export async function applyStaff(store: Store, req: StaffRequest, passwordHash?: string): Promise<{ ok: boolean; message: string }> {
  for (const site of req.sites) if (!await store.getSite(site)) return { ok: false, message: `No site with key ${site}.` };
  // `create --role` without --site: every site, as an account was before sites had their own staff.
  const sites = req.role && req.role !== 'none' && req.command === 'create' && !req.sites.length ? await store.listSiteKeys() : req.sites;
  let account = await store.findAccountForLogin(req.email);
  if (!account && req.command === 'role') return { ok: false, message: `No account for ${req.email}; make it with create.` };
  const said: string[] = [];
  if (!account) {
    const roles: SiteRole[] = req.role && req.role !== 'none' ? sites.map((site) => ({ site, role: req.role as Role })) : [];
    const made = await store.createAccount({ email: req.email, passwordHash: passwordHash!, admin: !!req.admin, sites: roles });
    return { ok: true, message: `Console account created: ${made.email} (${describe(made)}).` };
  }
  if (passwordHash) {
    await store.setAccountPassword(req.email, passwordHash);
    // A new password ends every session made with the old one.
    await store.deleteSessionsOf(account.id);
    said.push('password changed');
  }
  if (req.admin !== undefined) await store.setAccountAdmin(account.id, req.admin);
  if (req.role) for (const site of sites) await store.setSiteRole(account.id, site, req.role === 'none' ? null : req.role);
  // A changed role counts from the account's next request: its sessions read roles afresh each time.
  account = (await store.findAccountForLogin(req.email))!;
  return { ok: true, message: `${account.email}: ${[...said, describe(account)].join('; ')}.` };
}

function describe(a: { admin: boolean; sites: SiteRole[] }): string {
  const roles = a.sites.map((s) => `${s.role} of ${s.site}`);
  return [...(a.admin ? ['server administrator'] : []), ...roles].join(', ') || 'no site yet';
}
