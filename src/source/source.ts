/**
 * The one interface through which commands read objects, whether from a live cluster or from files
 * (kubectl dumps, a sysdump). Both feed the same pipeline (cli-runtime `resource/visitor.go`).
 */
import type { CiliumEndpoint, CiliumIdentity } from '../model/schema.js';
import type { Table } from '../view/table.js';

export type Scope = { allNamespaces: true } | { allNamespaces: false; namespace: string };

export interface Listing<T> {
  items: T[];
  /** The table the server printed for these items (same order), when the source has one. */
  table?: Table;
}

export interface Source {
  /** Where the objects come from, for messages: `files a.yaml, b.json`, `context kind-kind`. */
  readonly description: string;
  /** The namespace a command uses when neither `-n` nor `-A` is given. */
  readonly defaultNamespace: string;
  listEndpoints(scope: Scope): Promise<Listing<CiliumEndpoint>>;
  listIdentities(): Promise<Listing<CiliumIdentity>>;
}
