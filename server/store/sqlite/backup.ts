import Database from 'better-sqlite3';
import fs from 'node:fs';
import { preparePrivateFile } from './private-file.ts';

/**
 * A consistent copy of a live SQLite database through SQLite's online backup API: the server
 * keeps writing while it runs, and the copy is the database as of one moment, WAL included. A
 * plain file copy of a WAL database can miss committed records or tear a page.
 */
export async function backupSqlite(source: string, destination: string): Promise<{ totalPages: number }> {
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}`);
  // Created here, 0600 in a 0700 folder if we make it: the copy holds the same keys as the database.
  try {
    preparePrivateFile(destination, { exclusive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${destination} exists already; choose a new file`);
    throw error;
  }
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(destination);
    return { totalPages };
  } finally {
    db.close();
  }
}
