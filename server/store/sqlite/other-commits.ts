import type Database from 'better-sqlite3';

/**
 * Returns a check that says whether any other connection (another process such as the admin CLI,
 * a tool, a second store on the same file) has committed since the check last ran: `PRAGMA
 * data_version` changes then, and never for this connection's own commits. What a store keeps in
 * memory beside the file is trusted only while this says no.
 */
export function watchOtherCommits(db: Database.Database): () => boolean {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let seen = dataVersion.get();
  return () => {
    const now = dataVersion.get();
    const changed = now !== seen;
    seen = now;
    return changed;
  };
}
