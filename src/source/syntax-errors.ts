/**
 * Where a text first goes wrong. For JSON: `JSON.parse` in Node 20 often names the bad token but not its
 * position, so on the error path (only there) this small scanner walks the grammar to find the offset.
 */
const whitespace = new Set([' ', '\t', '\n', '\r']);
const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const stringBody = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Stop {
  constructor(readonly offset: number) {}
}

/** The offset of the first syntax error in `text`, or `undefined` if it is valid JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  let at = 0;
  const fail = (): never => {
    throw new Stop(at);
  };
  const skip = () => {
    while (at < text.length && whitespace.has(text[at] as string)) at++;
  };
  const expect = (char: string) => {
    skip();
    if (text[at] !== char) fail();
    at++;
  };
  const string = () => {
    expect('"');
    stringBody.lastIndex = at;
    if (!stringBody.test(text)) fail();
    at = stringBody.lastIndex;
  };
  const sequence = (close: string, item: () => void) => {
    skip();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      item();
      skip();
      if (text[at] === close) {
        at++;
        return;
      }
      expect(',');
    }
  };
  const value = (): void => {
    skip();
    const c = text[at];
    if (c === '{') {
      at++;
      sequence('}', () => {
        string();
        expect(':');
        value();
      });
    } else if (c === '[') {
      at++;
      sequence(']', value);
    } else if (c === '"') {
      string();
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, at));
      if (literal !== undefined) {
        at += literal.length;
        return;
      }
      number.lastIndex = at;
      if (!number.test(text)) fail();
      at = number.lastIndex;
    }
  };
  try {
    value();
    skip();
    if (at < text.length) fail();
    return undefined;
  } catch (stop) {
    if (stop instanceof Stop) return stop.offset;
    throw stop;
  }
}

/** ` at line L, column C` for an offset into `text`, or '' when the offset is unknown. */
export function describePosition(text: string, offset: number | undefined): string {
  if (offset === undefined) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}
