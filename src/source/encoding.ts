/**
 * Text encodings as kubectl reads files and stdin (cli-runtime wraps every input in
 * `unicode.BOMOverride(unicode.UTF8.NewDecoder())`): a UTF-8 byte-order mark is dropped, UTF-16 with a
 * byte-order mark, little or big endian (what Windows PowerShell's `>` writes), becomes UTF-8, and
 * anything else is read as UTF-8. Chunks go through as they arrive.
 */
import { Buffer } from 'node:buffer';

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: Encoding }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** The encoding a byte-order mark at the start of `head` names, and the mark's length. */
function byteOrderMark(head: Uint8Array): { encoding: Encoding; length: number } {
  for (const { bytes, encoding } of BOMS) {
    if (bytes.every((byte, i) => head[i] === byte)) return { encoding, length: bytes.length };
  }
  return { encoding: 'utf-8', length: 0 };
}

/** The input as UTF-8 bytes, without a byte-order mark. */
export async function* asUtf8(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let head: Uint8Array = new Uint8Array(0);
  let decoder: TextDecoder | undefined;
  let started = false;
  for await (const chunk of chunks) {
    if (!started) {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      if (head.length < 3) continue;
      started = true;
      const mark = byteOrderMark(head);
      if (mark.encoding !== 'utf-8') decoder = new TextDecoder(mark.encoding, { ignoreBOM: true });
      const rest = head.subarray(mark.length);
      head = new Uint8Array(0);
      if (rest.length > 0) yield decoder === undefined ? rest : Buffer.from(decoder.decode(rest, { stream: true }));
      continue;
    }
    yield decoder === undefined ? chunk : Buffer.from(decoder.decode(chunk, { stream: true }));
  }
  if (!started && head.length > 0) {
    // Fewer than three bytes in all: a mark alone, or a tiny input.
    const mark = byteOrderMark(head);
    const rest = head.subarray(mark.length);
    if (rest.length > 0) {
      yield mark.encoding === 'utf-8'
        ? rest
        : Buffer.from(new TextDecoder(mark.encoding, { ignoreBOM: true }).decode(rest));
    }
    return;
  }
  if (decoder !== undefined) {
    const last = decoder.decode();
    if (last !== '') yield Buffer.from(last);
  }
}
