/**
 * `column IN (the caller's sites)`, the list bound as one JSON array (SQLite has no array
 * parameter; json_each spreads it). The console passes the sites a staff member works on.
 */
export const IN_SITES = (column: string, param = '?') => `${column} IN (SELECT value FROM json_each(${param}))`;
