/**
 * What the benchmark runs (one row of RESULTS.md per spec) and the ratios it reports against the targets
 * of issue 15, each a ratio of two medians measured in the same run.
 */
import type { Measure } from './report.js';

/**
 * The clusters, from the smallest: `tiny` is the demo cluster (fixtures/demo/, the spec's 5 endpoints),
 * `--sizes` sets how many endpoints each of the others has.
 */
export const SIZE_NAMES = ['tiny', 'small', 'medium', 'big', 'large'] as const;
export type Size = (typeof SIZE_NAMES)[number];
export const DEFAULT_SIZES = '1000,2000,10000,100000';

/**
 * One row. In args, {id} stands for the identity the most endpoints share. cilium-view's live commands get
 * `--kubeconfig`, kubectl `--kubeconfig` first, the floor the server's URL, token and CA.
 */
export interface Spec {
  id: string;
  tool: 'node' | 'cilium-view' | 'sea' | 'kubectl' | 'floor';
  args: string[];
  size?: Size;
  /** Keep the first run's stdout, for the byte-for-byte check. */
  keep?: boolean;
}

export const ENDPOINTS = ['get', 'ciliumendpoints.cilium.io', '-A'];
const CHUNK0 = [...ENDPOINTS, '--chunk-size=0'];

export const SPECS: Spec[] = [
  { id: 'node', tool: 'node', args: ['-e', '0'] },
  { id: 'version', tool: 'cilium-view', args: ['--version'] },
  { id: 'demo', tool: 'cilium-view', args: ['endpoints', '-A', '--demo'] },
  { id: 'sea-version', tool: 'sea', args: ['--version'] },
  { id: 'endpoints@tiny', size: 'tiny', tool: 'cilium-view', args: ['endpoints', '-A'], keep: true },
  { id: 'sea@tiny', size: 'tiny', tool: 'sea', args: ['endpoints', '-A'] },
  { id: 'kubectl@tiny', size: 'tiny', tool: 'kubectl', args: ENDPOINTS, keep: true },
  { id: 'kubectl-chunk0@tiny', size: 'tiny', tool: 'kubectl', args: CHUNK0 },
  { id: 'floor@tiny', size: 'tiny', tool: 'floor', args: ['tables'] },
  { id: 'who-shares@small', size: 'small', tool: 'cilium-view', args: ['who-shares', '{id}'] },
  { id: 'endpoints@medium', size: 'medium', tool: 'cilium-view', args: ['endpoints', '-A'], keep: true },
  { id: 'sea@medium', size: 'medium', tool: 'sea', args: ['endpoints', '-A'] },
  { id: 'kubectl@medium', size: 'medium', tool: 'kubectl', args: ENDPOINTS, keep: true },
  { id: 'kubectl-chunk0@medium', size: 'medium', tool: 'kubectl', args: CHUNK0 },
  { id: 'floor@medium', size: 'medium', tool: 'floor', args: ['tables'] },
  { id: 'endpoints@big', size: 'big', tool: 'cilium-view', args: ['endpoints', '-A'], keep: true },
  { id: 'kubectl@big', size: 'big', tool: 'kubectl', args: ENDPOINTS, keep: true },
  { id: 'kubectl-chunk0@big', size: 'big', tool: 'kubectl', args: CHUNK0 },
  { id: 'floor@big', size: 'big', tool: 'floor', args: ['tables'] },
  { id: 'endpoints@large', size: 'large', tool: 'cilium-view', args: ['endpoints', '-A'], keep: true },
  { id: 'sea@large', size: 'large', tool: 'sea', args: ['endpoints', '-A'] },
  { id: 'json@large', size: 'large', tool: 'cilium-view', args: ['endpoints', '-A', '-o', 'json'] },
  { id: 'identities@large', size: 'large', tool: 'cilium-view', args: ['identities', '-o', 'wide'] },
  { id: 'who-shares@large', size: 'large', tool: 'cilium-view', args: ['who-shares', '{id}'] },
  { id: 'kubectl@large', size: 'large', tool: 'kubectl', args: ENDPOINTS, keep: true },
  { id: 'kubectl-chunk0@large', size: 'large', tool: 'kubectl', args: CHUNK0 },
  { id: 'kubectl-json@large', size: 'large', tool: 'kubectl', args: [...ENDPOINTS, '-o', 'json'] },
  { id: 'floor@large', size: 'large', tool: 'floor', args: ['tables'] },
  { id: 'floor-objects@large', size: 'large', tool: 'floor', args: ['objects'] },
];

/** The sizes whose outputs are compared with kubectl's, byte for byte. */
export const COMPARED: Size[] = ['tiny', 'medium', 'big', 'large'];

export interface RatioSpec {
  label: string;
  of: string;
  vs: string;
  measure: Measure;
  /** The target's upper bound; undefined: shown for reference. */
  limit?: number;
}

/** The ratios, with `{size}` in a label standing for that cluster's size ("at 2,000"). */
export const RATIOS: RatioSpec[] = [
  { label: 'start-up: `--version` / `node -e 0`', of: 'version', vs: 'node', measure: 'wall', limit: 1.5 },
  { label: 'start-up: `endpoints -A --demo` / `node -e 0`', of: 'demo', vs: 'node', measure: 'wall', limit: 1.5 },
  { label: '`endpoints -A` {tiny} / kubectl', of: 'endpoints@tiny', vs: 'kubectl@tiny', measure: 'wall', limit: 1.5 },
  { label: '`endpoints -A` {tiny} / kubectl', of: 'endpoints@tiny', vs: 'kubectl@tiny', measure: 'rss', limit: 1.3 },
  {
    label: 'single executable: `endpoints -A` {tiny} / kubectl',
    of: 'sea@tiny',
    vs: 'kubectl@tiny',
    measure: 'wall',
    limit: 1.25,
  },
  {
    label: '`endpoints -A` {medium} / kubectl',
    of: 'endpoints@medium',
    vs: 'kubectl@medium',
    measure: 'wall',
    limit: 0.8,
  },
  { label: '`endpoints -A` {big} / kubectl', of: 'endpoints@big', vs: 'kubectl@big', measure: 'wall', limit: 0.3 },
  {
    label: '`endpoints -A` {large} / kubectl `--chunk-size=0`',
    of: 'endpoints@large',
    vs: 'kubectl-chunk0@large',
    measure: 'wall',
    limit: 0.12,
  },
  {
    label: '`endpoints -A` {large} / the floor (Tables)',
    of: 'endpoints@large',
    vs: 'floor@large',
    measure: 'wall',
    limit: 1.5,
  },
  { label: '`endpoints -A` {large} / kubectl', of: 'endpoints@large', vs: 'kubectl@large', measure: 'rss', limit: 0.2 },
  {
    label: '`endpoints -A -o json` {large} / kubectl `-o json`',
    of: 'json@large',
    vs: 'kubectl-json@large',
    measure: 'wall',
    limit: 0.12,
  },
  {
    label: '`endpoints -A -o json` {large} / kubectl `-o json`',
    of: 'json@large',
    vs: 'kubectl-json@large',
    measure: 'rss',
    limit: 0.12,
  },
  {
    label: '`who-shares` {large} / `who-shares` {small}',
    of: 'who-shares@large',
    vs: 'who-shares@small',
    measure: 'rss',
    limit: 1.5,
  },
  // What no Node.js client can beat: Node's own start-up against kubectl's whole run, and the bare loop
  // that fetches the pages against the target's bound.
  { label: '`node -e 0` / kubectl {tiny}', of: 'node', vs: 'kubectl@tiny', measure: 'wall' },
  { label: 'the floor (Tables) {tiny} / kubectl', of: 'floor@tiny', vs: 'kubectl@tiny', measure: 'wall' },
  {
    label: 'the floor (Tables) {large} / kubectl `--chunk-size=0`',
    of: 'floor@large',
    vs: 'kubectl-chunk0@large',
    measure: 'wall',
  },
  {
    label: 'single executable: `endpoints -A` {medium} / kubectl',
    of: 'sea@medium',
    vs: 'kubectl@medium',
    measure: 'wall',
  },
  {
    label: '`endpoints -A` {medium} / kubectl `--chunk-size=0`',
    of: 'endpoints@medium',
    vs: 'kubectl-chunk0@medium',
    measure: 'wall',
  },
  {
    label: '`endpoints -A` {big} / kubectl `--chunk-size=0`',
    of: 'endpoints@big',
    vs: 'kubectl-chunk0@big',
    measure: 'wall',
  },
  { label: '`endpoints -A` {big} / the floor (Tables)', of: 'endpoints@big', vs: 'floor@big', measure: 'wall' },
  { label: '`endpoints -A` {large} / kubectl', of: 'endpoints@large', vs: 'kubectl@large', measure: 'wall' },
  {
    label: 'single executable: `endpoints -A` {large} / npm build',
    of: 'sea@large',
    vs: 'endpoints@large',
    measure: 'wall',
  },
];
