import { JOB_LEASE_MS, type ConsoleStore } from '../../console-types.ts';
import { AUDIT_SITE_SQL, auditSite, toAuditEntry, type AuditRow } from '../../rows/index.ts';
import type { Async } from '../../types.ts';
import type { PgContext } from '../context.ts';

type SettingsMethods = Async<Pick<ConsoleStore, 'consoleSiteSettings' | 'setConsoleSiteSettings' | 'appendAudit' | 'listAudit' | 'claimJobRun' | 'finishJobRun' | 'jobRunDone'>>;

/** The console's own per-site settings, its append-only audit log and the once-a-day job ledger. */
export function createSettingsRepo({ sql }: PgContext): SettingsMethods {
  return {
    async consoleSiteSettings(site) {
      const [row] = await sql<{ digest_email: string | null; digest_webhook: string | null }[]>`
        SELECT digest_email, digest_webhook FROM site_console_settings WHERE site = ${site}`;
      return { site, digestEmail: row?.digest_email ?? null, digestWebhook: row?.digest_webhook ?? null };
    },
    async setConsoleSiteSettings({ site, digestEmail, digestWebhook }, at) {
      await sql`
        INSERT INTO site_console_settings (site, digest_email, digest_webhook, updated_at) VALUES (${site}, ${digestEmail}, ${digestWebhook}, ${at.toISOString()})
        ON CONFLICT (site) DO UPDATE SET digest_email = excluded.digest_email, digest_webhook = excluded.digest_webhook, updated_at = excluded.updated_at`;
    },

    async appendAudit({ at, accountId, action, target, site, detail = {} }) {
      await sql`INSERT INTO console_audit (at, account_id, action, target, site, detail)
        VALUES (${at.toISOString()}, ${accountId}, ${action}, ${target ?? null}, ${auditSite(site, target)}, ${JSON.stringify(detail)})`;
    },
    async listAudit({ target, limit = 200, sites, accountId } = {}) {
      const rows = await sql<AuditRow[]>`
        SELECT c.*, a.email FROM console_audit c LEFT JOIN accounts a ON a.id = c.account_id
        WHERE ${target === undefined ? sql`true` : sql`c.target = ${target}`}
          AND ${sites === undefined ? sql`true` : sql`(${sql.unsafe(AUDIT_SITE_SQL)} = ANY(${[...sites]}::text[]) OR c.account_id = ${accountId ?? null})`}
        ORDER BY c.id DESC LIMIT ${limit}`;
      return rows.map(toAuditEntry);
    },

    async claimJobRun(job, day, at) {
      // The primary key decides across instances: exactly one insert (or take-over of a stale
      // run, under the conflicting row's lock) of (job, day) returns a row.
      const staleBefore = new Date(at.getTime() - JOB_LEASE_MS).toISOString();
      const rows = await sql`INSERT INTO job_runs (job, day, ran_at, result) VALUES (${job}, ${day}, ${at.toISOString()}, 'running')
        ON CONFLICT (job, day) DO UPDATE SET ran_at = EXCLUDED.ran_at
        WHERE job_runs.result = 'running' AND job_runs.ran_at < ${staleBefore} RETURNING job`;
      return rows.length > 0;
    },
    async jobRunDone(job, day) {
      return (await sql`SELECT 1 FROM job_runs WHERE job = ${job} AND day = ${day}`).length > 0;
    },
    async finishJobRun(job, day, result) {
      await sql`UPDATE job_runs SET result = ${result} WHERE job = ${job} AND day = ${day}`;
    },
  };
}
