/**
 * kubectl's column layout (cli-runtime printers/tabwriter.go: minwidth 6, padding 3, padchar ' '),
 * i.e. Go's text/tabwriter `format`/`writeLines`. Expected outputs are worked out by hand from that
 * algorithm: a column cell is padded to max(6, widest cell of its block + 3) runes, the last cell of a
 * line is never padded, and a line with fewer cells ends the block of every column it lacks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutCells, layoutLines, runeCount } from '../../src/kube/tabwriter.js';

const sp = (n: number): string => ' '.repeat(n);

describe('layoutLines', () => {
  it('returns the empty string for no lines', () => {
    expect(layoutLines([])).toBe('');
  });

  it('writes a line without tabs as is, newline-terminated', () => {
    expect(layoutLines(['NAME'])).toBe('NAME\n');
    expect(layoutLines(['a', 'bb'])).toBe('a\nbb\n');
  });

  it('pads column cells to at least 6 runes', () => {
    expect(layoutLines(['a\tb', 'cc\td'])).toBe(`a${sp(5)}b\ncc${sp(4)}d\n`);
    // 3 + 3 = 6: still the minimum
    expect(layoutLines(['abc\tx'])).toBe(`abc${sp(3)}x\n`);
  });

  it('pads column cells to the widest cell + 3 when that exceeds 6', () => {
    // 4 + 3 = 7
    expect(layoutLines(['abcd\tx', 'a\ty'])).toBe(`abcd${sp(3)}x\na${sp(6)}y\n`);
    // 6 + 3 = 9
    expect(layoutLines(['abcdef\tx'])).toBe(`abcdef${sp(3)}x\n`);
  });

  it('sizes every column independently', () => {
    expect(layoutLines(['NAME\tNAMESPACE\tAGE', '16737\tkube-system\t60m'])).toBe(
      `NAME${sp(4)}NAMESPACE${sp(5)}AGE\n16737${sp(3)}kube-system${sp(3)}60m\n`,
    );
  });

  it('never pads the last cell, so a line whose last cell is empty ends in spaces', () => {
    expect(layoutLines(['NAME\tIPV6', 'a\t'])).toBe(`NAME${sp(3)}IPV6\na${sp(6)}\n`);
    expect(layoutLines(['IPV4\tIPV6', '10.0.1.200\t'])).toBe(`IPV4${sp(9)}IPV6\n10.0.1.200${sp(3)}\n`);
  });

  it('pads empty column cells to the full width', () => {
    expect(layoutLines(['a\t\tc', 'x\ty\tz'])).toBe(`a${sp(5)}${sp(6)}c\nx${sp(5)}y${sp(5)}z\n`);
  });

  it('counts code points, not UTF-16 units or bytes (CJK and emoji are one each)', () => {
    // 日本語 is 3 runes (9 UTF-8 bytes); widest is abcdef (6) → width 9.
    expect(layoutLines(['日本語\tx', 'abcdef\ty'])).toBe(`日本語${sp(6)}x\nabcdef${sp(3)}y\n`);
    // 😀 is 1 rune (2 UTF-16 units, 4 bytes).
    expect(layoutLines(['😀\tx', 'abcdef\ty'])).toBe(`😀${sp(8)}x\nabcdef${sp(3)}y\n`);
    // 4 emoji + 3 = 7
    expect(layoutLines(['😀😀😀😀\tx', 'a\ty'])).toBe(`😀😀😀😀${sp(3)}x\na${sp(6)}y\n`);
    // ünïcödé with precomposed letters is 7 runes → width 10
    expect(layoutLines(['ünïcödé\tx', 'a\ty'])).toBe(`ünïcödé${sp(3)}x\na${sp(9)}y\n`);
  });

  it('counts a combining sequence as its runes, not as one grapheme', () => {
    // e + U+0301 is 2 runes, like Go's utf8.RuneCount; 5 of them are 10 runes → width 13.
    const accented = 'e\u0301'.repeat(5);
    expect(layoutLines([`${accented}\tx`, 'a\ty'])).toBe(`${accented}${sp(3)}x\na${sp(12)}y\n`);
  });

  describe('column blocks', () => {
    it('lays out the a/b/c, dd/e, f/g/h example', () => {
      // Column 0 spans all three lines (max(6, 2+3) = 6); column 1 has two blocks, each of width 6.
      expect(layoutLines(['a\tb\tc', 'dd\te', 'f\tg\th'])).toBe(
        `a${sp(5)}b${sp(5)}c\ndd${sp(4)}e\nf${sp(5)}g${sp(5)}h\n`,
      );
    });

    it('recomputes a column after a line that lacks it (text/tabwriter, no remembered widths)', () => {
      // Column 0 block: lines 0-2, width 6. Column 1 block 1: line 0 only, width 8 + 3 = 11.
      // Line 1 has no column 1 and ends that block; column 1 block 2: line 2 only, width 6.
      expect(layoutLines(['a\tbbbbbbbb\tc', 'dd\te', 'f\tg\th'])).toBe(
        `a${sp(5)}bbbbbbbb${sp(3)}c\ndd${sp(4)}e\nf${sp(5)}g${sp(5)}h\n`,
      );
    });

    it('keeps an outer column wide across lines that end inner blocks', () => {
      // Column 0: one block over all three lines, width 8 + 3 = 11.
      // Column 1: line 0 (width 6), then line 2 (width 8 + 3 = 11).
      expect(layoutLines(['aaaaaaaa\tb\tc', 'd\te', 'f\tgggggggg\th'])).toBe(
        `aaaaaaaa${sp(3)}b${sp(5)}c\nd${sp(10)}e\nf${sp(10)}gggggggg${sp(3)}h\n`,
      );
    });

    it('splits column 0 at a line without tabs', () => {
      expect(layoutLines(['aaaaaaaaaa\tb', 'x', 'c\td'])).toBe(`aaaaaaaaaa${sp(3)}b\nx\nc${sp(5)}d\n`);
    });

    it('splits every column at an empty line', () => {
      expect(layoutLines(['aaaaaaa\tb', '', 'c\td'])).toBe(`aaaaaaa${sp(3)}b\n\nc${sp(5)}d\n`);
    });

    it('lets a longer line open a new block for the extra column only', () => {
      // Column 0 spans both lines (width 6); column 1 exists only on line 1 (width 6 + 3 = 9).
      expect(layoutLines(['a\tb', 'c\tdddddd\te'])).toBe(`a${sp(5)}b\nc${sp(5)}dddddd${sp(3)}e\n`);
    });
  });

  it('pads uniform tables so that all columns line up (property)', () => {
    // Printable ASCII cells (no tab, newline, form feed), every row with the same number of cells.
    const cell = fc.string({ unit: 'grapheme-ascii', maxLength: 12 });
    const table = fc
      .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }))
      .chain(([columns, rows]) =>
        fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
      );
    fc.assert(
      fc.property(table, (rows) => {
        const out = layoutLines(rows.map((r) => r.join('\t')));
        expect(out.endsWith('\n')).toBe(true);
        const lines = out.slice(0, -1).split('\n');
        expect(lines).toHaveLength(rows.length);

        const columnCount = (rows[0]?.length ?? 1) - 1;
        const widths = Array.from({ length: columnCount }, (_, j) =>
          Math.max(6, ...rows.map((r) => (r[j] ?? '').length + 3)),
        );
        rows.forEach((row, i) => {
          const line = lines[i] ?? '';
          let offset = 0;
          for (let j = 0; j < columnCount; j++) {
            const original = row[j] ?? '';
            const width = widths[j] ?? 0;
            const padded = line.slice(offset, offset + width);
            // the cell starts at the column's offset, is padded with spaces only, to exactly the width
            expect(padded).toHaveLength(width);
            expect(padded.slice(0, original.length)).toBe(original);
            expect(padded.slice(original.length)).toBe(sp(width - original.length));
            offset += width;
          }
          // the last cell follows unpadded
          expect(line.slice(offset)).toBe(row[columnCount] ?? '');
        });
      }),
    );
  });
});

describe('runeCount', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['日本語', 3],
    ['😀', 1],
    ['a😀b😀', 4],
    ['e\u0301', 2],
    // a lone surrogate is one rune (U+FFFD once encoded as UTF-8)
    ['\uD800', 1],
    ['\uDC00x', 2],
  ])('%j has %i runes', (text, count) => {
    expect(runeCount(text)).toBe(count);
  });

  it('agrees with the code point count for any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(runeCount(text)).toBe([...text].length);
      }),
    );
  });
});

describe('layoutCells written in pieces', () => {
  it('gives the same text as one string, for more rows than one piece holds', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`name-${i}`, String(i * 7), i % 3 === 0 ? '' : 'ready']);
    const pieces: string[] = [];
    expect(layoutCells(rows, undefined, undefined, (chunk) => pieces.push(chunk))).toBe('');
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(layoutCells(rows));
  });
});
