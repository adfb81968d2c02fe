import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeTerminal } from '../../src/print/sanitize.js';
import { cellText } from '../../src/print/table-printer.js';

describe('escapeTerminal', () => {
  it.each([
    ['ESC as kubectl shows it', 'a\x1b[2Jb', 'a^[[2Jb'],
    ['OSC 52 clipboard write', '\x1b]52;c;ZXZpbA==\x07', '^[]52;c;ZXZpbA==^G'],
    ['carriage return as kubectl shows it', 'a\rb', 'a\\rb'],
    ['tab and other C0 controls in caret notation', 'a\tb\x00c\x08', 'a^Ib^@c^H'],
    ['DEL', 'x\x7f', 'x^?'],
    ['8-bit CSI (C1)', 'a\x9b2Jb', 'a\\u009b2Jb'],
    ['bidi override and isolates', 'abc\u202edcba\u2066x\u2069', 'abc\\u202edcba\\u2066x\\u2069'],
    ['wide and emoji characters untouched', '日本語🙂', '日本語🙂'],
  ])('%s', (_, input, expected) => {
    expect(escapeTerminal(input)).toBe(expected);
  });

  it('a table cell is cut at the first line break with ..., then made safe (kubectl first, then ours)', () => {
    expect(cellText('ok\x07\nhidden')).toBe('ok^G...');
    expect(cellText('\x1b[31mred')).toBe('^[[31mred');
  });

  it('leaves no character that moves the cursor or changes direction, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(escapeTerminal(text)).not.toMatch(/[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
      }),
    );
  });
});
