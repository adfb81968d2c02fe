/**
 * What a `--from` path names, as inputs to read: stdin (`-`), a file, or a folder. A folder is walked
 * recursively for `.json`, `.yaml` and `.yml` files that mention our kinds (a sysdump holds much else);
 * a file is scanned for the mention as a stream, so a huge unrelated file costs a read, not its size in
 * memory. Symbolic links are followed, as in a ConfigMap mount (`cep.yaml -> ..data/cep.yaml`,
 * `..data -> ..2024_01_01_00_00_00.1`): a file or folder reached twice is read once, under its first
 * name (entries starting with `.` are walked after the others), and a link back to a folder being walked
 * (a loop) is skipped with a warning. Folders are walked and files opened with synchronous calls: the
 * command has nothing else to do meanwhile, and each asynchronous call's trip through libuv's thread pool
 * took longer than the call itself.
 */
import { createReadStream, type Dirent, readdirSync, readFileSync, realpathSync, type Stats, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Warn } from '../model/decode.js';
import { RuntimeFailure } from '../model/errors.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import { asUtf8 } from './encoding.js';

export interface Input {
  /** For messages: the path, or `stdin`. */
  name: string;
  format: 'json' | 'yaml' | 'sniff';
  stdin: boolean;
  chunks(): AsyncIterable<Uint8Array>;
}

export interface InputIo {
  stdin(): AsyncIterable<Uint8Array>;
  warn: Warn;
}

const STDIN = '-';
const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);
const OUR_KINDS = RESOURCE_TYPES.map((type) => Buffer.from(type.kind));
const CHUNK = 1024 * 1024;

export async function inputsOf(path: string, io: InputIo): Promise<Input[]> {
  if (path === STDIN) return [{ name: 'stdin', format: 'sniff', stdin: true, chunks: () => io.stdin() }];
  let info: Stats;
  try {
    info = statSync(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  if (!info.isDirectory()) return [fileInput(path)];
  const inputs: Input[] = [];
  const walked = new Set<string>();
  const read = new Set<string>();
  for (const file of walk(path, realpathSync(path), [], walked, io.warn)) {
    const real = realpathSync(file);
    if (read.has(real)) continue;
    read.add(real);
    if (await mentionsOurKinds(file)) inputs.push(fileInput(file));
  }
  return inputs;
}

function fileInput(path: string): Input {
  const ext = extname(path).toLowerCase();
  const format = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : 'sniff';
  return { name: path, format, stdin: false, chunks: () => readChunks(path) };
}

/**
 * The file's bytes, a chunk at a time. A regular file of up to one chunk (most files, the demo cluster's)
 * is read by one call, which starts much sooner than a stream; anything else (a larger file, a pipe, a
 * file that says it is empty, as /proc's do) is streamed.
 */
async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  try {
    const info = statSync(path);
    if (info.isFile() && info.size > 0 && info.size <= CHUNK) {
      yield readFileSync(path);
      return;
    }
    yield* createReadStream(path, { highWaterMark: CHUNK });
  } catch (error) {
    throw unreadable(path, error);
  }
}

/** Every .json, .yaml and .yml file under `dir` (whose real path is `real`), depth first, in name order. */
function walk(dir: string, real: string, ancestors: string[], walked: Set<string>, warn: Warn): string[] {
  walked.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw unreadable(dir, error);
  }
  const hidden = (name: string) => (name.startsWith('.') ? 1 : 0);
  entries.sort((a, b) => hidden(a.name) - hidden(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = statOrUndefined(path);
      if (target === undefined) {
        warn(`${path}: a symbolic link to nothing that can be read; skipped`);
        continue;
      }
      isDirectory = target.isDirectory();
      isFile = target.isFile();
    }
    if (isDirectory) {
      const realDir = realpathSync(path);
      if ([...ancestors, real].includes(realDir)) {
        warn(`${path}: a symbolic link back to ${realDir}, a folder being read (a loop); skipped`);
      } else if (!walked.has(realDir)) {
        files.push(...walk(path, realDir, [...ancestors, real], walked, warn));
      }
    } else if (isFile && EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      files.push(path);
    }
  }
  return files;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether the file names one of our kinds anywhere, read as a stream (in UTF-16 too). */
async function mentionsOurKinds(path: string): Promise<boolean> {
  const overlap = Math.max(...OUR_KINDS.map((kind) => kind.length)) - 1;
  let tail = Buffer.alloc(0);
  for await (const chunk of asUtf8(readChunks(path))) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const across = Buffer.concat([tail, bytes.subarray(0, overlap)]);
    if (OUR_KINDS.some((kind) => across.includes(kind) || bytes.includes(kind))) return true;
    tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - overlap)));
  }
  return false;
}

function unreadable(path: string, error: unknown): RuntimeFailure {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory'
          : (error as Error).message;
  return new RuntimeFailure(`cannot read ${path}: ${reason}; check the path given to --from`);
}
