/**
 * A `-o json` list kept as the text kubectl prints for its items until the list is complete: items are
 * turned into their text (listItemJson) as they arrive and gathered into blocks of about a megabyte,
 * held by HeldText (deflated past the first 8 MB: 100,000 endpoints' 290 MB of text are held as a few
 * tens of MB), and written a block at a time.
 */
import { HeldText } from './held-text.js';
import { JSON_LIST_FRAME, listItemJson } from './kubectl-json.js';

export interface JsonListTextOptions {
  /** Characters of item text in a block. */
  blockChars: number;
  /** Characters of item text kept as they are before blocks are deflated (HeldText). */
  plainChars: number;
}

export class JsonListText {
  private readonly held: HeldText;
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(private readonly options: JsonListTextOptions = { blockChars: 1 << 20, plainChars: 8 << 20 }) {
    this.held = new HeldText(options.plainChars);
  }

  /** One item of the list, as JSON.parse gives it. */
  add(item: unknown): void {
    const text = listItemJson(item);
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= this.options.blockChars) this.seal();
  }

  /** The list starts over: the items so far no longer count. */
  clear(): void {
    this.held.clear();
    this.pending = [];
    this.pendingChars = 0;
  }

  /** The List kubectl prints around the items, in pieces, once every block is held. */
  async print(write: (chunk: string) => void): Promise<void> {
    this.seal();
    if (this.held.length === 0) {
      write(JSON_LIST_FRAME.empty);
      return;
    }
    write(JSON_LIST_FRAME.open);
    let first = true;
    for await (const text of this.held.texts()) {
      if (!first) write(JSON_LIST_FRAME.between);
      write(text);
      first = false;
    }
    write(JSON_LIST_FRAME.close);
  }

  private seal(): void {
    if (this.pending.length > 0) this.held.push(this.pending.join(JSON_LIST_FRAME.between));
    this.pending = [];
    this.pendingChars = 0;
  }
}
