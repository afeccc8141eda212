import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A consistent copy of a live SQLite database through SQLite's online backup API: the server
 * keeps writing while it runs, and the copy is the database as of one moment, WAL included. A
 * plain file copy of a WAL database can miss committed records or tear a page.
 */
export async function backupSqlite(source: string, destination: string): Promise<{ totalPages: number }> {
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}`);
  if (fs.existsSync(destination)) throw new Error(`${destination} exists already; choose a new file`);
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(destination);
    return { totalPages };
  } finally {
    db.close();
  }
}
