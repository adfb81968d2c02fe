/** The watch stream's line splitter: lines across chunks, characters split between chunks, the cap. */
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/source/cluster/http.js';

function split(chunks: Buffer[], max = 1024): { lines: string[]; accepted: boolean[] } {
  const lines: string[] = [];
  const splitter = new LineSplitter(max, (line) => lines.push(line));
  const accepted = chunks.map((chunk) => splitter.push(chunk));
  splitter.end();
  return { lines, accepted };
}

describe('LineSplitter', () => {
  it('gives whole lines, wherever the chunks end, a character split between chunks included', () => {
    const text = Buffer.from('{"a":"é"}\n\n{"b":"日本"}\r\n{"c":1}');
    for (let size = 1; size <= text.length; size++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.subarray(i, i + size));
      expect(split(chunks).lines).toEqual(['{"a":"é"}', '{"b":"日本"}\r', '{"c":1}']);
    }
  });

  it('refuses a line over the cap, with or without its newline, as soon as it is over', () => {
    expect(split([Buffer.alloc(8, 'x'), Buffer.alloc(8, 'x')], 10).accepted).toEqual([true, false]);
    expect(split([Buffer.from('xxxxxxxx'), Buffer.from('xxxx\n')], 10).accepted).toEqual([true, false]);
    expect(split([Buffer.from('xxxxx\nxxxxx\n')], 10)).toEqual({ lines: ['xxxxx', 'xxxxx'], accepted: [true] });
  });

  it('gathers a line of a million one-byte chunks (linear: a quadratic join would not finish)', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter(2_000_000, (line) => lines.push(line));
    const byte = Buffer.from('x');
    for (let i = 0; i < 1_000_000; i++) splitter.push(byte);
    splitter.push(Buffer.from('\n'));
    expect(lines.map((line) => line.length)).toEqual([1_000_000]);
  });
});
