/** `node:fs` as the CLI's own modules see it in the single executable: the embedded files first (see embedded-files.mjs). */
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { contents, entries, lookup, stats } from './embedded-files.mjs';

export * from 'node:fs';

export function readFileSync(path, options) {
  const entry = lookup(path, 'open');
  return entry === undefined ? fs.readFileSync(path, options) : contents(entry, options);
}

export function existsSync(path) {
  try {
    return lookup(path, 'access') === undefined ? fs.existsSync(path) : true;
  } catch {
    return false;
  }
}

export function statSync(path, options) {
  const entry = lookup(path, 'stat');
  return entry === undefined ? fs.statSync(path, options) : stats(entry);
}

export function readdirSync(path, options) {
  const entry = lookup(path, 'scandir');
  return entry === undefined ? fs.readdirSync(path, options) : entries(entry, options);
}

export function realpathSync(path, options) {
  const entry = lookup(path, 'realpath');
  return entry === undefined ? fs.realpathSync(path, options) : entry.path;
}

/** An embedded file is read in one chunk: the demo cluster is small. */
export function createReadStream(path, options) {
  const entry = lookup(path, 'open');
  return entry === undefined ? fs.createReadStream(path, options) : Readable.from([contents(entry)]);
}

export default { ...fs, readFileSync, existsSync, statSync, readdirSync, realpathSync, createReadStream };
