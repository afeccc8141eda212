import type Database from 'better-sqlite3';
import { JOB_LEASE_MS, type ConsoleStore } from '../../console-types.ts';
import { AUDIT_SITE_SQL, auditSite, toAuditEntry, type AuditRow } from '../../rows/index.ts';
import { IN_SITES } from '../site-scope.ts';

type SettingsMethods = Pick<ConsoleStore, 'consoleSiteSettings' | 'setConsoleSiteSettings' | 'appendAudit' | 'listAudit' | 'claimJobRun' | 'finishJobRun' | 'jobRunDone'>;

/** The console's own per-site settings, its append-only audit log and the once-a-day job ledger. */
export function createSettingsRepo(db: Database.Database): SettingsMethods {
  return {
    consoleSiteSettings(site) {
      const row = db
        .prepare<[string], { digest_email: string | null; digest_webhook: string | null }>('SELECT * FROM site_console_settings WHERE site = ?')
        .get(site);
      return { site, digestEmail: row?.digest_email ?? null, digestWebhook: row?.digest_webhook ?? null };
    },
    setConsoleSiteSettings({ site, digestEmail, digestWebhook }, at) {
      db.prepare('INSERT OR REPLACE INTO site_console_settings (site, digest_email, digest_webhook, updated_at) VALUES (?, ?, ?, ?)').run(
        site, digestEmail, digestWebhook, at.toISOString(),
      );
    },

    appendAudit({ at, accountId, action, target, site, detail = {} }) {
      db.prepare('INSERT INTO console_audit (at, account_id, action, target, site, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
        at.toISOString(), accountId, action, target ?? null, auditSite(site, target), JSON.stringify(detail),
      );
    },
    listAudit({ target, limit = 200, sites, accountId } = {}) {
      const rows = db
        .prepare<{ target: string | null; limit: number; sites: string | null; account: number | null }, AuditRow>(
          `SELECT c.*, a.email FROM console_audit c LEFT JOIN accounts a ON a.id = c.account_id
           WHERE (@target IS NULL OR c.target = @target)
             AND (@sites IS NULL OR ${IN_SITES(AUDIT_SITE_SQL, '@sites')} OR c.account_id = @account)
           ORDER BY c.id DESC LIMIT @limit`,
        )
        .all({ target: target ?? null, limit, sites: sites ? JSON.stringify(sites) : null, account: accountId ?? null });
      return rows.map(toAuditEntry);
    },

    claimJobRun(job, day, at) {
      const staleBefore = new Date(at.getTime() - JOB_LEASE_MS).toISOString();
      return (
        db
          .prepare(
            `INSERT INTO job_runs (job, day, ran_at, result) VALUES (?, ?, ?, 'running')
             ON CONFLICT (job, day) DO UPDATE SET ran_at = excluded.ran_at
             WHERE job_runs.result = 'running' AND job_runs.ran_at < ?`,
          )
          .run(job, day, at.toISOString(), staleBefore).changes > 0
      );
    },
    jobRunDone: (job, day) => db.prepare('SELECT 1 FROM job_runs WHERE job = ? AND day = ?').get(job, day) !== undefined,
    finishJobRun(job, day, result) {
      db.prepare('UPDATE job_runs SET result = ? WHERE job = ? AND day = ?').run(result, job, day);
    },
  };
}
