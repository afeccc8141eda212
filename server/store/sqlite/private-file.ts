import fs from 'node:fs';
import path from 'node:path';

/**
 * The database holds the generated data key and HMAC secret (when they are not set in the
 * environment): whoever reads the file can decrypt chats and requests. So the file is the server
 * user's alone, whatever the umask: folders we create are 0700, the file 0600 (SQLite gives its
 * -wal, -shm and -journal files the database file's mode), and a file of ours that others may read
 * is tightened on open.
 */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** Creates the folders up to `dir` that are missing, each 0700 (mkdir's mode is cut by the umask, so it is set again). */
export function makePrivateDir(dir: string): void {
  const absolute = path.resolve(dir);
  const first = fs.mkdirSync(absolute, { recursive: true, mode: DIR_MODE });
  if (first === undefined) return;
  // Only the folders this call made: a parent that was there already (/var/lib, a mounted volume) is not ours to change.
  for (let d = absolute; ; d = path.dirname(d)) {
    fs.chmodSync(d, DIR_MODE);
    if (d === first || d === path.dirname(d)) break;
  }
}

/**
 * Makes `file` exist as a private file before SQLite opens it: created 0600 if missing (`exclusive`:
 * refuse one that exists, as a backup destination must), or tightened to owner-only if it is ours.
 */
export function preparePrivateFile(file: string, { exclusive = false } = {}): void {
  makePrivateDir(path.dirname(file));
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, exclusive ? 'wx' : 'a', FILE_MODE);
    fs.fchmodSync(fd, tightened(fs.fstatSync(fd)));
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  for (const side of ['-wal', '-shm', '-journal']) {
    try {
      const stat = fs.statSync(file + side);
      if (ours(stat)) fs.chmodSync(file + side, tightened(stat));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

const ours = (stat: fs.Stats) => typeof process.getuid !== 'function' || stat.uid === process.getuid();
// Owner bits kept (read-only stays read-only), group and others removed.
const tightened = (stat: fs.Stats) => (ours(stat) ? stat.mode & 0o700 : stat.mode & 0o777);
