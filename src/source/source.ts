/**
 * The one interface through which commands read objects, whether from a live cluster or from files
 * (kubectl dumps, a sysdump). Both feed the same pipeline (cli-runtime `resource/visitor.go`).
 */

import type { FieldSelector } from '../model/field-selector.js';
import type { KubeObject, ResourceType } from '../model/resources.js';
import type { LabelSelector } from '../model/selector.js';
import type { Table, TableRow } from '../view/table.js';

export type Scope = { allNamespaces: true } | { allNamespaces: false; namespace: string };

/** What a command needs from a list; a cluster source fetches no more than that. */
export interface ListRequest {
  /** Rows as the server prints them (kubectl's table), where the source can print them. */
  table: boolean;
  /** The objects themselves (always given by sources that cannot print a table). */
  objects: boolean;
  /** Table rows keep their object's labels (`--show-labels`, `-L`). */
  labels?: boolean;
  /** Keeps only the objects it accepts, applied to each raw object as it arrives (before decoding). */
  keep?: (raw: Record<string, unknown>) => boolean;
  /**
   * Takes each row of the server's table as it arrives (when `objects` is false), instead of the
   * listing keeping it: the listing's table then has its columns only. A source that cannot hand rows
   * over one by one (files, a server that sends objects) lists them in the table as usual.
   */
  row?: (row: TableRow) => void;
  /** The list starts over (after a 410 while paging): what `keep` and `row` saw so far no longer counts. */
  restarted?: () => void;
  /** `-l`: sent to a server as labelSelector, applied locally to files. */
  labelSelector?: LabelSelector;
  /** `--field-selector` on metadata.name and metadata.namespace. */
  fieldSelector?: FieldSelector;
}

export interface Listing<T> {
  /** The objects, when asked for or when there is no server table. */
  items: T[];
  /** The table the server printed; when `items` is given too, `table.rows[i]` is `items[i]`. */
  table?: Table;
  /** The list's resourceVersion (a cluster's), where a watch starts. */
  resourceVersion?: string;
}

/** What a watch reports: the list it starts from, then each change (the changed object as a listing). */
export interface WatchHandlers<T> {
  list(listing: Listing<T>): void;
  event(type: string, listing: Listing<T>): void;
}

/** One object: its name, and its namespace for a namespaced kind (ignored for the others). */
export interface ObjectRef {
  namespace: string;
  name: string;
}

/**
 * Every kind is read the same way: `list`, `get` one by name, `watch`. A cluster-scoped kind ignores
 * the scope's namespace.
 */
export interface Source {
  /** Where the objects come from, for messages: `files a.yaml, b.json`, `context kind-kind`. */
  readonly description: string;
  /** A live API server (its errors are reported as kubectl reports them), rather than files. */
  readonly live: boolean;
  /** The namespace a command uses when neither `-n` nor `-A` is given. */
  readonly defaultNamespace: string;
  list<T extends KubeObject>(type: ResourceType<T>, scope: Scope, request: ListRequest): Promise<Listing<T>>;
  /** One object by name (one GET on a cluster); an empty listing when it does not exist. */
  get<T extends KubeObject>(type: ResourceType<T>, ref: ObjectRef, request: ListRequest): Promise<Listing<T>>;
  /** `-w`: list, then report changes until `signal` aborts; only live sources can. */
  watch?<T extends KubeObject>(
    type: ResourceType<T>,
    scope: Scope,
    request: ListRequest,
    handlers: WatchHandlers<T>,
    signal: AbortSignal,
  ): Promise<void>;
  /**
   * Whether a namespace exists, where the source can tell (kubectl asks after a NotFound by name, to say
   * which is missing); undefined when it cannot (no permission, or files).
   */
  namespaceExists?(namespace: string): Promise<boolean | undefined>;
}

/** All namespaces: what a list of a cluster-scoped kind, or across namespaces, asks for. */
export const ALL_NAMESPACES: Scope = { allNamespaces: true };

/** The namespace a request on `type` is made in: none for a cluster-scoped kind or all namespaces. */
export function namespaceIn(type: ResourceType, scope: Scope): string | undefined {
  return !type.namespaced || scope.allNamespaces ? undefined : scope.namespace;
}
