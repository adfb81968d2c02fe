/**
 * Printer columns as data, copied from the Cilium CRDs' `additionalPrinterColumns`
 * (`pkg/k8s/apis/cilium.io/client/crds/v2/`). The API server's table starts with a Name column and then
 * these, in order; kubectl shows priority-0 columns always and the others only with `-o wide`.
 * Adding a Cilium release with new columns means adding one set here.
 */
import type { CiliumVersion } from '../model/version.js';

export type ColumnType = 'integer' | 'number' | 'string' | 'boolean' | 'date';

export interface ColumnDefinition {
  name: string;
  type: ColumnType;
  format: string;
  description: string;
  priority: number;
}

export interface PrinterColumn extends ColumnDefinition {
  jsonPath: string;
}

/** The first column of every CRD table (apiextensions-apiserver `tableconvertor.go`). */
export const NAME_COLUMN: ColumnDefinition = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
};

function column(name: string, jsonPath: string, type: ColumnType, description: string, priority = 0): PrinterColumn {
  return { name, type, format: '', description, priority, jsonPath };
}

const endpointId = column('Endpoint ID', '.status.id', 'integer', 'Cilium endpoint id');
const identityId = column('Identity ID', '.status.identity.id', 'integer', 'Cilium identity id');
const securityIdentity = column('Security Identity', '.status.identity.id', 'integer', 'Security Identity');
/** 1.9 to 1.12.1: the enforcement columns are the booleans of `.enforcing` (`true`/`false`). */
const ingressEnforcing = column(
  'Ingress Enforcement',
  '.status.policy.ingress.enforcing',
  'boolean',
  'Ingress enforcement in the endpoint',
);
const egressEnforcing = column(
  'Egress Enforcement',
  '.status.policy.egress.enforcing',
  'boolean',
  'Egress enforcement in the endpoint',
);
const ingress = (p: number) =>
  column('Ingress Enforcement', '.status.policy.ingress.state', 'string', 'Ingress enforcement in the endpoint', p);
const egress = (p: number) =>
  column('Egress Enforcement', '.status.policy.egress.state', 'string', 'Egress enforcement in the endpoint', p);
const visibility = (p: number) =>
  column(
    'Visibility Policy',
    '.status.visibility-policy-status',
    'string',
    'Status of visibility policy in the endpoint',
    p,
  );
const state = column('Endpoint State', '.status.state', 'string', 'Endpoint current state');
const ipv4 = column('IPv4', '.status.networking.addressing[0].ipv4', 'string', 'Endpoint IPv4 address');
const ipv6 = column('IPv6', '.status.networking.addressing[0].ipv6', 'string', 'Endpoint IPv6 address');

/** A Cilium release as `--cilium-version` names it (the patch is 0 when not given). */
type Release = Pick<CiliumVersion, 'minor' | 'patch'>;

export interface ColumnSet {
  /** The first Cilium release (1.x.y) whose CiliumEndpoint CRD has these columns. */
  first: Release;
  /** The releases, in words. */
  releases: string;
  columns: PrinterColumn[];
}

/** The CiliumEndpoint column sets, oldest first; each holds until the next one's first release. */
export const ENDPOINT_COLUMN_SETS = {
  'v1.9': {
    first: { minor: 9, patch: 0 },
    releases: '1.9 to 1.12.1',
    columns: [endpointId, identityId, ingressEnforcing, egressEnforcing, visibility(0), state, ipv4, ipv6],
  },
  'v1.14': {
    first: { minor: 12, patch: 2 },
    releases: '1.12.2 to 1.14',
    columns: [endpointId, identityId, ingress(0), egress(0), visibility(0), state, ipv4, ipv6],
  },
  'v1.15': {
    first: { minor: 15, patch: 0 },
    releases: '1.15 and 1.16',
    columns: [securityIdentity, ingress(1), egress(1), visibility(1), state, ipv4, ipv6],
  },
  'v1.17': {
    first: { minor: 17, patch: 0 },
    releases: '1.17 and later',
    columns: [securityIdentity, ingress(1), egress(1), state, ipv4, ipv6],
  },
} satisfies Record<string, ColumnSet>;

export type EndpointColumnSetName = keyof typeof ENDPOINT_COLUMN_SETS;

const SETS = Object.entries(ENDPOINT_COLUMN_SETS) as Array<[EndpointColumnSetName, ColumnSet]>;

/** The newest Cilium release whose CRDs were compared with these sets; a newer one gets a warning. */
export const NEWEST_KNOWN_MINOR = 19;
const OLDEST_MINOR = (SETS[0] as [string, ColumnSet])[1].first.minor;

/** The range of releases `--cilium-version` accepts, in words. */
export const KNOWN_RANGE = `1.${OLDEST_MINOR} to 1.${NEWEST_KNOWN_MINOR}`;

/**
 * The releases `--cilium-version` offers (its help and completion), from the sets: every minor release
 * from the oldest set's to the newest known, and the patch release where a set starts mid-minor (1.12.2).
 */
export const CILIUM_RELEASES: readonly string[] = Array.from(
  { length: NEWEST_KNOWN_MINOR - OLDEST_MINOR + 1 },
  (_, i) => OLDEST_MINOR + i,
).flatMap((minor) => [
  `1.${minor}`,
  ...SETS.filter(([, set]) => set.first.minor === minor && set.first.patch > 0).map(
    ([, set]) => `1.${minor}.${set.first.patch}`,
  ),
]);

const atOrAfter = (version: Release, first: Release) =>
  version.minor > first.minor || (version.minor === first.minor && version.patch >= first.patch);

export function endpointColumnSetFor(version: Release): EndpointColumnSetName {
  const set = [...SETS].reverse().find(([, s]) => atOrAfter(version, s.first));
  return (set ?? (SETS[0] as [EndpointColumnSetName, ColumnSet]))[0];
}

/**
 * Whether cilium-view knows the columns of this release: an error for a release before the oldest set,
 * a warning (the newest set is used) for one after the newest known release, else nothing.
 */
export function releaseCheck(version: CiliumVersion): { known: boolean; warning?: string } {
  if (version.major !== 1 || version.minor < OLDEST_MINOR) return { known: false };
  if (version.minor > NEWEST_KNOWN_MINOR) {
    const [name, set] = SETS.at(-1) as [EndpointColumnSetName, ColumnSet];
    return {
      known: true,
      warning: `Cilium 1.${version.minor} is newer than the newest release cilium-view knows (1.${NEWEST_KNOWN_MINOR}): printing the ${name} columns (${set.releases})`,
    };
  }
  return { known: true };
}

export function endpointColumns(version: CiliumVersion): PrinterColumn[] {
  return ENDPOINT_COLUMN_SETS[endpointColumnSetFor(version)].columns;
}

/** The CiliumIdentity columns, the same from Cilium 1.10 to main. */
export const IDENTITY_COLUMNS: PrinterColumn[] = [
  column('Namespace', '.metadata.labels.io\\.kubernetes\\.pod\\.namespace', 'string', 'The namespace of the entity'),
  column('Age', '.metadata.creationTimestamp', 'date', 'The age of the identity'),
];

/**
 * Cilium 1.9's CiliumIdentity CRD has no printer columns: the API server then adds its own Age column
 * (apiextensions-apiserver `tableconvertor.go`), so kubectl prints NAME and AGE.
 */
const DEFAULT_AGE = column(
  'Age',
  '.metadata.creationTimestamp',
  'date',
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
);

export function identityColumns(version: Release): PrinterColumn[] {
  return version.minor < 10 ? [DEFAULT_AGE] : IDENTITY_COLUMNS;
}
