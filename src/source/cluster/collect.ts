/**
 * A list as it builds up page by page (or a watch event): server-side Table rows with their objects, or
 * plain objects, decoded into the listing a command asked for. Only what the request keeps is kept.
 */
import { type Decoded, decodeObject, emptyDecoded, isRecord, type Warn } from '../../model/decode.js';
import { RuntimeFailure } from '../../model/errors.js';
import { type KubeObject, type ResourceType, resourceName } from '../../model/resources.js';
import type { ColumnDefinition, ColumnType } from '../../view/columns.js';
import type { Cell, TableRow } from '../../view/table.js';
import type { Listing, ListRequest } from '../source.js';

/** Rows keep their labels only for `--show-labels` and `-L`: 100,000 label maps cost memory. */
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

export class Collected<T extends KubeObject> {
  private readonly decoded: Decoded = emptyDecoded();
  readonly rows: TableRow[] = [];
  columns: ColumnDefinition[] | undefined;
  plain = false;
  resourceVersion: string | undefined;
  /** Objects received so far (kept or not), for progress. */
  received = 0;
  /** Keys seen so far: a server (or proxy) that repeats an object across pages is not believed twice. */
  private readonly seen = new KeySet();
  /**
   * The page being read, as a count and its first and last objects' keys (of all its objects, kept or
   * not), and the pages read before: a page with no object, or the same objects as an earlier page,
   * brought nothing new (the pages of a list never share a first object). A few keys per page, not a
   * key per object: a filtered list does not hold 100,000 keys.
   */
  private page = { count: 0, first: '', last: '' };
  private readonly pages = new Set<string>();

  constructor(
    readonly type: ResourceType<T>,
    private readonly request: ListRequest,
    private readonly warn: Warn,
  ) {}

  /** Starts a page of a list. */
  beginPage(): void {
    this.page = { count: 0, first: '', last: '' };
  }

  /** Ends a page of a list: whether it brought anything new (objects, and not those of an earlier page). */
  endPage(): boolean {
    if (this.page.count === 0) return false;
    const fingerprint = `${this.page.count}:${this.page.first}\n${this.page.last}`;
    if (this.pages.has(fingerprint)) return false;
    this.pages.add(fingerprint);
    return true;
  }

  get items(): T[] {
    return this.decoded.of(this.type);
  }

  /** One response body: a Table (rows, with objects or their metadata) or a plain list or object. */
  add(body: Record<string, unknown>, origin: string): void {
    const key = body.kind === 'Table' ? 'rows' : 'items';
    const elements = Array.isArray(body[key]) ? (body[key] as unknown[]) : undefined;
    elements?.forEach((element, i) => {
      this.element(key, element, elementOrigin(origin, key, i));
    });
    this.rest(body, elements !== undefined, origin);
  }

  /** One element of a page's `rows` (a Table's) or `items` (a list's), as the page streams in. */
  element(key: string, value: unknown, origin: string): void {
    if (key === 'rows') {
      if (isRecord(value)) this.addRow(value, origin);
    } else {
      this.plain = true;
      this.addObject(value, origin);
    }
  }

  /**
   * The rest of a page, after its elements: a Table's column definitions, the list's resourceVersion;
   * `listed` says whether it had `rows` or `items` (a body without is one object, or not what was asked).
   */
  rest(body: Record<string, unknown>, listed: boolean, origin: string): void {
    const { kind } = this.type;
    if (isRecord(body.metadata) && typeof body.metadata.resourceVersion === 'string') {
      this.resourceVersion = body.metadata.resourceVersion;
    }
    if (body.kind === 'Table') {
      this.columns ??= this.tableColumns(body.columnDefinitions);
    } else if ((body.kind === 'List' || body.kind === `${kind}List`) && (listed || body.items == null)) {
      this.plain = true;
    } else if (body.kind === 'List' || body.kind === `${kind}List`) {
      const { items } = body;
      throw new RuntimeFailure(
        `the API server answered ${resourceName(this.type)} with a ${String(body.kind)} whose items is ${typeof items === 'object' ? 'an object' : `a ${typeof items}`}, not an array; is it a Kubernetes API server, and the right URL?`,
      );
    } else if (body.kind === kind && !listed) {
      this.plain = true;
      this.addObject(body, origin);
    } else {
      throw new RuntimeFailure(
        `the API server answered ${resourceName(this.type)} with ${describeKind(body)}, not a ${kind}List or Table; is it a Kubernetes API server, and the right URL?`,
      );
    }
  }

  /** The listing of what has been collected: the objects and, when the server printed them, its rows. */
  snapshot(): Listing<T> {
    const listing: Listing<T> = { items: this.items };
    if (!this.plain) listing.table = { columns: this.columns ?? [], rows: this.rows };
    if (this.resourceVersion !== undefined) listing.resourceVersion = this.resourceVersion;
    return listing;
  }

  /**
   * Whether an object is one the request keeps, and not one listed already. Only kept objects are
   * remembered: a filtered list (who-shares) does not hold a key for every object of the cluster.
   */
  private accepted(object: Record<string, unknown>, origin: string): boolean {
    this.received++;
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    const key = `${String(metadata.namespace ?? '')}/${String(metadata.name ?? '')}`;
    const { page } = this;
    if (page.count++ === 0) page.first = key;
    page.last = key;
    if (this.request.keep !== undefined && !this.request.keep(object)) return false;
    return !this.duplicate(key, origin);
  }

  private duplicate(key: string, origin: string): boolean {
    if (key === '/' || this.seen.add(key)) return false;
    this.warn(
      `${origin}: ${this.type.kind} ${key.replace(/^\//, '')} was already listed on an earlier page; ignoring it`,
    );
    return true;
  }

  private addRow(row: Record<string, unknown>, origin: string): void {
    const object = isRecord(row.object) ? row.object : {};
    if (!this.accepted(object, origin)) return;
    const cells = Array.isArray(row.cells) ? (row.cells as Cell[]) : [];
    if (!this.request.objects) {
      const metadata = isRecord(object.metadata) ? object.metadata : {};
      const labels =
        this.request.labels && isRecord(metadata.labels) ? (metadata.labels as Record<string, string>) : NO_LABELS;
      const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
      if (this.request.row === undefined) this.rows.push({ cells, namespace, labels });
      else this.request.row({ cells, namespace, labels });
      return;
    }
    const added = this.addObject(object, origin, true);
    if (added !== undefined) {
      this.rows.push({ cells, namespace: added.metadata.namespace, labels: added.metadata.labels ?? {} });
    }
  }

  private addObject(raw: unknown, origin: string, checked = false): T | undefined {
    if (isRecord(raw) && !checked && !this.accepted(raw, origin)) return undefined;
    const before = this.items.length;
    decodeObject(raw, origin, this.decoded, this.warn, this.type.kind);
    return this.items[before];
  }

  private tableColumns(definitions: unknown): ColumnDefinition[] {
    if (!Array.isArray(definitions) || definitions.length === 0) {
      throw new RuntimeFailure(`the API server's table of ${resourceName(this.type)} has no column definitions`);
    }
    return definitions.filter(isRecord).map((c) => ({
      name: String(c.name ?? ''),
      type: String(c.type ?? 'string') as ColumnType,
      format: typeof c.format === 'string' ? c.format : '',
      description: typeof c.description === 'string' ? c.description : '',
      priority: typeof c.priority === 'number' ? c.priority : 0,
    }));
  }
}

/**
 * A set of keys that are mostly added in increasing order, as an API server lists objects (by
 * namespace and name): while each key is greater than the one before, none can be one seen already, and
 * the keys are only kept as text, a thousand to a string (a fifth of what a Set of 100,000 keys holds);
 * the first key out of order turns them into a Set, which every later key is checked against.
 */
export class KeySet {
  private last: string | undefined;
  private blocks: string[] = [];
  private pending: string[] = [];
  private set: Set<string> | undefined;

  /** Adds a key: false if it was there already. */
  add(key: string): boolean {
    if (this.set === undefined) {
      if (this.last === undefined || key > this.last) {
        this.last = key;
        this.pending.push(key);
        if (this.pending.length >= 1024) this.seal();
        return true;
      }
      this.seal();
      this.set = new Set(this.blocks.flatMap((block) => JSON.parse(block) as string[]));
      this.blocks = [];
    }
    if (this.set.has(key)) return false;
    this.set.add(key);
    return true;
  }

  private seal(): void {
    if (this.pending.length > 0) this.blocks.push(JSON.stringify(this.pending));
    this.pending = [];
  }
}

/** `ciliumendpoints page 2: row 7`, `...: items[7]`: where an element was, for warnings. */
export function elementOrigin(origin: string, key: string, index: number): string {
  return key === 'rows' ? `${origin}: row ${index}` : `${origin}: ${key}[${index}]`;
}

function describeKind(body: Record<string, unknown>): string {
  if (body.kind === 'Status') return `a Status (${String(body.reason ?? body.message ?? 'no reason')})`;
  return typeof body.kind === 'string' ? `kind ${body.kind}` : 'an object without a kind';
}
