/**
 * YAML input (kubectl -o yaml, sysdumps, multi-document files); loaded only when a YAML input is read.
 * The stream is cut into documents at their `---` and `...` lines as it arrives, so only one document
 * is held at a time, and each is parsed on its own.
 */
import { parseAllDocuments } from 'yaml';
import { RuntimeFailure } from '../model/errors.js';
import { formatSize, LIMIT_VARIABLES } from './limits.js';
import { describePosition } from './syntax-errors.js';

export interface YamlDocumentText {
  text: string;
  /** The line of the input its text starts on. */
  line: number;
}

/** `---` or `...` at the start of a line, alone or followed by a space: a document boundary. */
const MARKER = /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/;
/** Lines that do not start a document's content: blank, a comment, a directive. */
const PREAMBLE = /^(?:[ \t]*(?:#[^\n]*)?|%[^\n]*)\n?$/;

/** The documents of a YAML stream, each held whole (up to `maxBytes`) and no longer. */
export async function* yamlDocumentTexts(
  chunks: AsyncIterable<Uint8Array>,
  { name, firstLine: start, maxBytes }: { name: string; firstLine: number; maxBytes: number },
): AsyncGenerator<YamlDocumentText> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let document: string[] = [];
  let size = 0;
  let started = false;
  let firstLine = start;
  let line = start;
  let partial: string[] = [];

  const endLine = function* (text: string): Generator<YamlDocumentText> {
    const head = text.slice(0, 4);
    if (head.startsWith('---') && MARKER.test(head) && started) {
      yield { text: document.join(''), line: firstLine };
      document = [];
      size = 0;
      firstLine = line;
    }
    document.push(text);
    size += text.length;
    if (!PREAMBLE.test(text)) started = true;
    if (head.startsWith('...') && MARKER.test(head)) {
      yield { text: document.join(''), line: firstLine };
      document = [];
      size = 0;
      started = false;
      firstLine = line + 1;
    }
    line++;
  };

  /** YAML allows no NUL, and binary data is full of them: say so at once rather than read on. */
  const noNul = (text: string) => {
    const nul = text.indexOf('\0');
    if (nul < 0) return;
    const before = text.slice(0, nul);
    const lineStart = before.lastIndexOf('\n');
    const column = lineStart >= 0 ? nul - lineStart : partial.reduce((sum, piece) => sum + piece.length, 0) + nul + 1;
    const at = line + (before.match(/\n/g)?.length ?? 0);
    throw new RuntimeFailure(`${name}: invalid YAML at line ${at}, column ${column}: a NUL character (binary data?)`);
  };

  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    noNul(text);
    let from = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', from)) {
      partial.push(text.slice(from, newline + 1));
      from = newline + 1;
      const whole = partial.join('');
      partial = [];
      yield* endLine(whole);
    }
    if (from < text.length) partial.push(text.slice(from));
    const held = size + partial.reduce((sum, piece) => sum + piece.length, 0);
    if (held > maxBytes) {
      throw new RuntimeFailure(
        `${name}: the YAML document at line ${firstLine} is larger than ${formatSize(maxBytes)}, the most one object may take (${LIMIT_VARIABLES.maxObjectBytes}); split the file, or save it as JSON (kubectl get -o json), whose lists are read one item at a time`,
      );
    }
  }
  const rest = decoder.decode();
  noNul(rest);
  partial.push(rest);
  const last = partial.join('');
  if (last !== '') yield* endLine(last);
  if (document.length > 0) yield { text: document.join(''), line: firstLine };
}

/** The documents of one text; a syntax error names the input and, where the parser knows it, the line. */
export function parseYamlDocuments(text: string, name: string, firstLine = 1): unknown[] {
  const documents = parseAllDocuments(text, { prettyErrors: false });
  if (!Array.isArray(documents)) return [];
  const where = (offset: number | undefined) => {
    const position = describePosition(text, offset);
    return position.replace(/line (\d+)/, (_, line: string) => `line ${Number(line) + firstLine - 1}`);
  };
  return documents.map((document) => {
    const error = document.errors[0];
    if (error !== undefined) {
      throw new RuntimeFailure(`${name}: invalid YAML${where(error.pos[0])}: ${error.message}`);
    }
    try {
      return document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // An alias bomb ("excessive alias count"): expected from hostile input, not a bug of ours.
      const start = document.contents?.range?.[0];
      throw new RuntimeFailure(`${name}: invalid YAML${where(start)}: ${(error as Error).message}`);
    }
  });
}
