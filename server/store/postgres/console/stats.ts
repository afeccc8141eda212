import type { CategoryChoices, ConsoleStore, RequestStats, WeeklyOptIn } from '../../console-types.ts';
import type { Async } from '../../types.ts';
import type { PgContext } from '../context.ts';

type StatsMethods = Async<Pick<ConsoleStore, 'weeklyOptIns' | 'categoryChoices' | 'requestStats'>>;

/**
 * Counts only, no persons; but exact, so a count of 1 can still single someone out. They reach the
 * console only through services/anonymised-stats.ts (the policy promises statistics are anonymised).
 * The same numbers as sqlite/console/stats.ts; where SQLite's date functions are used there, the
 * PostgreSQL equivalent is named next to it. Times are ISO text ending in Z (see migrations.ts).
 */
export function createStatsRepo({ sql }: PgContext): StatsMethods {
  // `sites`: the caller's sites (undefined: every site), as the SQLite store's IN_SITES.
  const siteIs = (column: string, site: string | undefined, sites?: readonly string[]) =>
    sql`${site === undefined ? sql`` : sql`AND ${sql(column)} = ${site}`} ${sites === undefined ? sql`` : sql`AND ${sql(column)} = ANY(${[...sites]}::text[])`}`;
  return {
    async weeklyOptIns(site, sites) {
      // SQLite: date(received_at, 'weekday 0', '-6 days'), the Monday on or before the UTC day
      // (a Sunday belongs to the week before). date_trunc('week') is that Monday, in UTC here.
      return [...(await sql<WeeklyOptIn[]>`
        SELECT formid AS "formId", week, granted, declined FROM (
          SELECT COALESCE(e.form_id, '-') AS formid,
            to_char(date_trunc('week', e.received_at::timestamptz AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
            (COUNT(*) FILTER (WHERE j->>'decision' = 'granted'))::int AS granted,
            (COUNT(*) FILTER (WHERE j->>'decision' <> 'granted'))::int AS declined
          FROM consent_events e, jsonb_array_elements(e.purposes::jsonb) j
          WHERE e.kind = 'form-consent' AND j->>'purpose' = 'marketing-email' AND j->>'decision' NOT IN ('confirmed', 'expired') ${siteIs('e.site', site, sites)}
          GROUP BY 1, 2
        ) AS w ORDER BY week COLLATE "C", formid COLLATE "C"`)];
    },
    async requestStats(site, sites) {
      // Completion time from the request's own audit trail: receipt to the completed event.
      // SQLite: julianday(a) - julianday(b); here the interval's seconds over 86 400. Both round
      // the mean half away from zero to one decimal.
      return [...(await sql<RequestStats[]>`
        SELECT r.kind AS kind, COUNT(*)::int AS total, (COUNT(*) FILTER (WHERE r.status = 'completed'))::int AS completed,
          ROUND(AVG(CASE WHEN r.status = 'completed' THEN
            EXTRACT(EPOCH FROM (SELECT MAX(e.at COLLATE "C") FROM request_events e WHERE e.request_id = r.id AND e.type = 'status:completed')::timestamptz
              - r.received_at::timestamptz) / 86400 END), 1)::float8 AS "meanDaysToComplete"
        FROM requests r WHERE true ${siteIs('r.site', site, sites)} GROUP BY r.kind ORDER BY r.kind COLLATE "C"`)];
    },
    async categoryChoices(site, sites) {
      return [...(await sql<CategoryChoices[]>`
        SELECT (j->>'purpose') COLLATE "C" AS purpose,
          (COUNT(*) FILTER (WHERE j->>'decision' = 'granted'))::int AS granted,
          (COUNT(*) FILTER (WHERE j->>'decision' = 'declined'))::int AS declined,
          (COUNT(*) FILTER (WHERE j->>'decision' = 'withdrawn'))::int AS withdrawn
        FROM consent_events e, jsonb_array_elements(e.purposes::jsonb) j
        WHERE e.kind = 'cookie-choice' ${siteIs('e.site', site, sites)}
        GROUP BY 1 ORDER BY 1`)];
    },
  };
}
