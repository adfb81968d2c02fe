/**
 * Text held until a list is complete, as blocks (strings of up to a megabyte or so, each what one
 * piece of output needs). Past the first few megabytes each block is deflated (zlib level 1) on libuv's
 * thread pool while the next one is made: printed lists deflate to about a tenth, so 100,000 endpoints
 * are held as a few MB of table or a few tens of MB of JSON. A small list's blocks stay as they are:
 * deflating them would cost more time than it saves. The blocks come back in order, each inflated (on
 * the pool) while the one before it is written.
 */
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);
const LEVEL = 1;
/**
 * zlib's output buffer: each one filled is a trip from the thread pool back to the main thread (the
 * default of 16 KB made some 18,000 trips to inflate 100,000 endpoints' JSON); a block takes one or two.
 */
const CHUNK_BYTES = 1 << 20;

/** A block's text, or its text deflated. */
type Block = string | Promise<Buffer>;

export class HeldText {
  private blocks: Block[] = [];
  private heldChars = 0;

  /** `plainChars`: the characters kept as they are before blocks are deflated. */
  constructor(private readonly plainChars: number) {}

  get length(): number {
    return this.blocks.length;
  }

  push(text: string): void {
    if (this.heldChars < this.plainChars) {
      this.blocks.push(text);
    } else {
      const bytes = deflate(Buffer.from(text), { level: LEVEL, chunkSize: CHUNK_BYTES });
      // A block of a list that failed or started over is never awaited: its failure is not unhandled.
      bytes.catch(() => {});
      this.blocks.push(bytes);
    }
    this.heldChars += text.length;
  }

  /** Forgets every block (those still being deflated are dropped). */
  clear(): void {
    this.blocks = [];
    this.heldChars = 0;
  }

  /** The blocks in order, each let go once read; the next is inflated while this one is used. */
  async *texts(): AsyncGenerator<string> {
    const blocks = this.blocks;
    this.clear();
    let next = blocks.length > 0 ? textOf(blocks[0] as Block) : undefined;
    for (let i = 0; next !== undefined; i++) {
      const text = await next;
      next = i + 1 < blocks.length ? textOf(blocks[i + 1] as Block) : undefined;
      yield text;
    }
  }
}

async function textOf(block: Block): Promise<string> {
  return typeof block === 'string' ? block : (await inflate(await block, { chunkSize: CHUNK_BYTES })).toString();
}
