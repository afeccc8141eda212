import { IN_SITES } from '../site-scope.ts';
import type Database from 'better-sqlite3';
import type { CategoryChoices, ConsoleStore, RequestStats, WeeklyOptIn } from '../../console-types.ts';

type StatsMethods = Pick<ConsoleStore, 'weeklyOptIns' | 'categoryChoices' | 'requestStats'>;

/**
 * Counts only, no persons; but exact, so a count of 1 can still single someone out. They reach the
 * console only through services/anonymised-stats.ts (the policy promises statistics are anonymised).
 */
export function createStatsRepo(db: Database.Database): StatsMethods {
  const decisions = `json_extract(j.value, '$.decision')`;
  return {
    weeklyOptIns(site, sites) {
      return db
        .prepare<{ site: string | null; sites: string | null }, WeeklyOptIn>(
          `SELECT COALESCE(e.form_id, '-') AS formId,
             date(e.received_at, 'weekday 0', '-6 days') AS week,
             SUM(${decisions} = 'granted') AS granted,
             SUM(${decisions} <> 'granted') AS declined
           FROM consent_events e, json_each(e.purposes) j
           WHERE e.kind = 'form-consent' AND json_extract(j.value, '$.purpose') = 'marketing-email'
             -- Double opt-in's outcomes are not answers to the box.
             AND ${decisions} NOT IN ('confirmed', 'expired')
             AND (@site IS NULL OR e.site = @site) AND (@sites IS NULL OR ${IN_SITES('e.site', '@sites')})
           GROUP BY formId, week ORDER BY week, formId`,
        )
        .all({ site: site ?? null, sites: sites ? JSON.stringify(sites) : null });
    },
    requestStats(site, sites) {
      // Completion time from the request's own audit trail: receipt to the completed event.
      return db
        .prepare<{ site: string | null; sites: string | null }, RequestStats>(
          `SELECT r.kind AS kind, COUNT(*) AS total, SUM(r.status = 'completed') AS completed,
             ROUND(AVG(CASE WHEN r.status = 'completed' THEN julianday((SELECT MAX(e.at) FROM request_events e WHERE e.request_id = r.id AND e.type = 'status:completed')) - julianday(r.received_at) END), 1) AS meanDaysToComplete
           FROM requests r WHERE (@site IS NULL OR r.site = @site) AND (@sites IS NULL OR ${IN_SITES('r.site', '@sites')}) GROUP BY r.kind ORDER BY r.kind`,
        )
        .all({ site: site ?? null, sites: sites ? JSON.stringify(sites) : null });
    },
    categoryChoices(site, sites) {
      return db
        .prepare<{ site: string | null; sites: string | null }, CategoryChoices>(
          `SELECT json_extract(j.value, '$.purpose') AS purpose,
             SUM(${decisions} = 'granted') AS granted,
             SUM(${decisions} = 'declined') AS declined,
             SUM(${decisions} = 'withdrawn') AS withdrawn
           FROM consent_events e, json_each(e.purposes) j
           WHERE e.kind = 'cookie-choice' AND (@site IS NULL OR e.site = @site) AND (@sites IS NULL OR ${IN_SITES('e.site', '@sites')})
           GROUP BY purpose ORDER BY purpose`,
        )
        .all({ site: site ?? null, sites: sites ? JSON.stringify(sites) : null });
    },
  };
}
