import { chmodSync, closeSync, createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs';

/** Owner-only modes for files and folders that hold patient data. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates the folder (and parents) owner-only; an existing folder is narrowed to owner-only too. */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(path, PRIVATE_DIR_MODE);
}

/** Creates (or truncates) a file owner-only before anything is written to it. */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'w', PRIVATE_FILE_MODE));
  chmodSync(path, PRIVATE_FILE_MODE);
}

/** Makes sure a file exists owner-only without truncating it. */
export function touchPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  chmodSync(path, PRIVATE_FILE_MODE);
}

export function openPrivateWriteStream(path: string): WriteStream {
  createPrivateFile(path);
  return createWriteStream(path, { flags: 'w', mode: PRIVATE_FILE_MODE });
}
