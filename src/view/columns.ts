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

export interface ColumnSet {
  /** The Cilium releases whose CiliumEndpoint CRD has these columns. */
  releases: string;
  columns: PrinterColumn[];
}

export const ENDPOINT_COLUMN_SETS = {
  'v1.14': {
    releases: '1.12.2 to 1.14',
    columns: [endpointId, identityId, ingress(0), egress(0), visibility(0), state, ipv4, ipv6],
  },
  'v1.15': {
    releases: '1.15 and 1.16',
    columns: [securityIdentity, ingress(1), egress(1), visibility(1), state, ipv4, ipv6],
  },
  'v1.17': {
    releases: '1.17 and later',
    columns: [securityIdentity, ingress(1), egress(1), state, ipv4, ipv6],
  },
} satisfies Record<string, ColumnSet>;

export type EndpointColumnSetName = keyof typeof ENDPOINT_COLUMN_SETS;

/** The releases `--cilium-version` offers (its help and completion); the first is the default. */
export const CILIUM_RELEASES = ['1.14', '1.15', '1.16', '1.17', '1.18'] as const;

/** The CiliumIdentity columns, the same from Cilium 1.13 to main. */
export const IDENTITY_COLUMNS: PrinterColumn[] = [
  column('Namespace', '.metadata.labels.io\\.kubernetes\\.pod\\.namespace', 'string', 'The namespace of the entity'),
  column('Age', '.metadata.creationTimestamp', 'date', 'The age of the identity'),
];

export function endpointColumnSetFor(version: CiliumVersion): EndpointColumnSetName {
  if (version.minor >= 17) return 'v1.17';
  if (version.minor >= 15) return 'v1.15';
  return 'v1.14';
}

export function endpointColumns(version: CiliumVersion): PrinterColumn[] {
  return ENDPOINT_COLUMN_SETS[endpointColumnSetFor(version)].columns;
}
