/**
 * A `-o json` list kept as the text kubectl prints for its items until the list is complete: items are
 * turned into their text (listItemJson) as they arrive and gathered into blocks of about a megabyte.
 * Past the first few megabytes each block is deflated (zlib level 1) on libuv's thread pool while the
 * next one fills: pretty-printed JSON deflates to about a tenth, so 100,000 endpoints (some 290 MB of
 * text) are held as a few tens of MB, and then inflated (a block ahead, on the pool) and written a
 * block at a time. A small list is kept as it is: deflating it would cost more time than it saves.
 */
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import { JSON_LIST_FRAME, listItemJson } from './kubectl-json.js';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);
const LEVEL = 1;

/** A block's text, or its text deflated. */
type Block = string | Promise<Buffer>;

export interface JsonListTextOptions {
  /** Characters of item text in a block. */
  blockChars: number;
  /** Characters of item text kept as they are before blocks are deflated. */
  plainChars: number;
}

export class JsonListText {
  private blocks: Block[] = [];
  private pending: string[] = [];
  private pendingChars = 0;
  private heldChars = 0;

  constructor(private readonly options: JsonListTextOptions = { blockChars: 1 << 20, plainChars: 8 << 20 }) {}

  /** One item of the list, as JSON.parse gives it. */
  add(item: unknown): void {
    const text = listItemJson(item);
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= this.options.blockChars) this.seal();
  }

  /** The list starts over: the items so far no longer count (blocks still being deflated are dropped). */
  clear(): void {
    this.blocks = [];
    this.pending = [];
    this.pendingChars = 0;
    this.heldChars = 0;
  }

  /** The List kubectl prints around the items, in pieces, once every block is held. */
  async print(write: (chunk: string) => void): Promise<void> {
    this.seal();
    const blocks = this.blocks;
    this.blocks = [];
    if (blocks.length === 0) {
      write(JSON_LIST_FRAME.empty);
      return;
    }
    write(JSON_LIST_FRAME.open);
    // Each block is inflated while the one before it is written.
    let next = textOf(blocks[0] as Block);
    for (let i = 0; i < blocks.length; i++) {
      const text = await next;
      if (i + 1 < blocks.length) next = textOf(blocks[i + 1] as Block);
      if (i > 0) write(JSON_LIST_FRAME.between);
      write(text);
    }
    write(JSON_LIST_FRAME.close);
  }

  private seal(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join(JSON_LIST_FRAME.between);
    if (this.heldChars < this.options.plainChars) {
      this.blocks.push(text);
    } else {
      const bytes = deflate(Buffer.from(text), { level: LEVEL });
      // A block of a list that failed or started over is never awaited: its failure is not unhandled.
      bytes.catch(() => {});
      this.blocks.push(bytes);
    }
    this.heldChars += this.pendingChars;
    this.pending = [];
    this.pendingChars = 0;
  }
}

async function textOf(block: Block): Promise<string> {
  return typeof block === 'string' ? block : (await inflate(await block)).toString();
}
