/** `node:fs/promises` as the CLI's own modules see it in the single executable: the embedded files first. */
import * as fs from 'node:fs/promises';
import { contents, entries, lookup, stats } from './embedded-files.mjs';

export * from 'node:fs/promises';

export async function readFile(path, options) {
  const entry = lookup(path, 'open');
  return entry === undefined ? fs.readFile(path, options) : contents(entry, options);
}

export async function stat(path, options) {
  const entry = lookup(path, 'stat');
  return entry === undefined ? fs.stat(path, options) : stats(entry);
}

export async function lstat(path, options) {
  const entry = lookup(path, 'lstat');
  return entry === undefined ? fs.lstat(path, options) : stats(entry);
}

export async function readdir(path, options) {
  const entry = lookup(path, 'scandir');
  return entry === undefined ? fs.readdir(path, options) : entries(entry, options);
}

export async function realpath(path, options) {
  const entry = lookup(path, 'realpath');
  return entry === undefined ? fs.realpath(path, options) : entry.path;
}

export default { ...fs, readFile, stat, lstat, readdir, realpath };
