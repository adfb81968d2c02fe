/**
 * Cilium's identity-relevant label filter: which of an endpoint's labels make up its security identity.
 * Ported from cilium/cilium `pkg/labelsfilter/filter.go` (`parseLabelPrefix`, `ParseLabelPrefixCfg`,
 * `defaultLabelPrefixCfg`, `filterLabels`); documented in
 * `Documentation/operations/performance/scalability/identity-relevant-labels.rst`.
 *
 * A pattern is `[source:][!]regex`. The regex must match at the start of the label's key (not its
 * source, not its value); a source, when given, must equal the label's source exactly, so `any:` and
 * `!k8s:x` (a source named `!k8s`) match no label. Labels the filter drops become "information labels".
 * Regexes are Go RE2 in Cilium and JavaScript here: the same for the default patterns and for the usual
 * user patterns; RE2-only syntax such as `(?i)` is rejected.
 */
import { UsageError } from './errors.js';
import type { CiliumVersion } from './version.js';

export interface LabelPattern {
  /** As written: `k8s:!app`, `reserved:.*`, `!io\.kubernetes`. */
  readonly text: string;
  /** The one label source it applies to (`k8s`, `reserved`, ...); '' = every source. */
  readonly source: string;
  /** A `!` pattern: the labels it matches are dropped unless an include matches a longer part of the key. */
  readonly exclude: boolean;
  readonly regex: RegExp;
}

export interface LabelFilter {
  readonly description: string;
  readonly patterns: readonly LabelPattern[];
  /**
   * `whitelist` in filter.go, set by any include pattern in the `labels` option: then a label counts only
   * if an include pattern matches it. Otherwise every label counts that no exclude pattern drops.
   */
  readonly allowList: boolean;
}

/**
 * `defaultLabelPrefixCfg()`, in its order, with the 1.x minor release that added each pattern:
 * v1.15 (6d6a116332) the StatefulSet pod name, pod index and Job completion index; v1.16 the cluster
 * include (#31178) and the Job controller-uid excludes (#31964); v1.18 the service account include
 * (#38017). The unmarked ones are the v1.14 list, used for every earlier release too.
 */
const DEFAULT_PATTERNS: readonly { text: string; since?: number }[] = [
  { text: 'reserved:.*' },
  { text: String.raw`io\.kubernetes\.pod\.namespace` },
  { text: String.raw`io\.cilium\.k8s\.namespace\.labels` },
  { text: String.raw`app\.kubernetes\.io` },
  { text: String.raw`io\.cilium\.k8s\.policy\.cluster`, since: 16 },
  { text: String.raw`io\.cilium\.k8s\.policy\.serviceaccount`, since: 18 },
  { text: String.raw`!io\.kubernetes` },
  { text: String.raw`!kubernetes\.io` },
  { text: String.raw`!statefulset\.kubernetes\.io/pod-name`, since: 15 },
  { text: String.raw`!apps\.kubernetes\.io/pod-index`, since: 15 },
  { text: String.raw`!batch\.kubernetes\.io/job-completion-index`, since: 15 },
  { text: String.raw`!batch\.kubernetes\.io/controller-uid`, since: 16 },
  { text: String.raw`!.*beta\.kubernetes\.io` },
  { text: String.raw`!k8s\.io` },
  { text: '!pod-template-generation' },
  { text: '!pod-template-hash' },
  { text: '!controller-revision-hash' },
  { text: '!controller-uid', since: 16 },
  { text: '!annotation.*' },
  { text: '!etcd_node' },
];

const DENY_LIST_RULE =
  'a label is identity-relevant unless an exclude pattern matches it and no include pattern matches a longer part of its key';
const ALLOW_LIST_RULE =
  'allow-list mode: a label is identity-relevant only if an include pattern matches a longer part of its key than every exclude pattern that matches it';

/** `parseLabelPrefix`: the source is what precedes the first ':', then a leading '!' marks an exclude. */
function parsePattern(text: string): LabelPattern {
  const colon = text.indexOf(':');
  const source = colon >= 0 ? text.slice(0, colon) : '';
  const prefix = text.slice(colon + 1);
  if (prefix === '') {
    throw new UsageError(`label pattern ${JSON.stringify(text)} has no regular expression after the source`);
  }
  const exclude = prefix.startsWith('!');
  try {
    return { text, source, exclude, regex: new RegExp(exclude ? prefix.slice(1) : prefix) };
  } catch (error) {
    throw new UsageError(`label pattern ${JSON.stringify(text)} is not a valid regular expression: ${error}`);
  }
}

function defaultPatterns(version: CiliumVersion): LabelPattern[] {
  return DEFAULT_PATTERNS.filter(({ since }) => since === undefined || version.minor >= since).map(({ text }) =>
    parsePattern(text),
  );
}

const release = (version: CiliumVersion): string => `Cilium ${version.major}.${version.minor}`;

export function defaultLabelFilter(version: CiliumVersion): LabelFilter {
  return {
    description: `${release(version)} default label filter: ${DENY_LIST_RULE}`,
    patterns: defaultPatterns(version),
    allowList: false,
  };
}

/**
 * The `labels` key of cilium-config: patterns separated by white space (viper's `GetStringSlice`). As in
 * `ParseLabelPrefixCfg`, they are appended to the defaults, which stay in force, so `reserved:.*` and the
 * other default includes always count; any include among them switches to allow-list mode.
 */
export function parseLabelsOption(text: string, version: CiliumVersion): LabelFilter {
  const user = text
    .split(/\s+/)
    .filter((token) => token !== '')
    .map(parsePattern);
  const allowList = user.some((pattern) => !pattern.exclude);
  const given = user.map((pattern) => pattern.text).join(' ');
  return {
    description: `${release(version)} default patterns plus labels "${given}" (${allowList ? ALLOW_LIST_RULE : DENY_LIST_RULE})`,
    patterns: [...defaultPatterns(version), ...user],
    allowList,
  };
}

/**
 * `labels.ParseLabel` for the `source:key=value` / `source:key` strings of `status.identity.labels`:
 * the source ends at the first ':' (`unspec` without one), the key at the first '='.
 */
function parseLabel(label: string): { source: string; key: string } {
  const colon = label.indexOf(':');
  const rest = label.slice(colon + 1);
  const equals = rest.indexOf('=');
  return { source: colon > 0 ? label.slice(0, colon) : 'unspec', key: equals >= 0 ? rest.slice(0, equals) : rest };
}

/** `LabelPrefix.matches`: how much of the key the pattern matches from its start, if it does. */
function matchLength(pattern: LabelPattern, source: string, key: string): number | undefined {
  if (pattern.source !== '' && pattern.source !== source) return undefined;
  const match = pattern.regex.exec(key);
  return match?.index === 0 ? match[0].length : undefined;
}

/**
 * `filterLabels`: the longest include match must be longer than the shortest exclude match. As in Cilium,
 * an exclude that matches an empty part of the key counts as no match. Lengths are UTF-16 units here and
 * bytes in Go, the same for Kubernetes label keys, which are ASCII.
 */
export function isIdentityRelevant(filter: LabelFilter, label: string): boolean {
  const { source, key } = parseLabel(label);
  let included = 0;
  let excluded = 0;
  for (const pattern of filter.patterns) {
    const length = matchLength(pattern, source, key);
    if (length === undefined) continue;
    if (!pattern.exclude) included = Math.max(included, length);
    else if (excluded === 0 || length < excluded) excluded = length;
  }
  return (!filter.allowList && excluded === 0) || included > excluded;
}

/** Identity labels (kept) and information labels (dropped), each in the order given. */
export function filterLabels(filter: LabelFilter, labels: readonly string[]): { kept: string[]; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const label of labels) {
    (isIdentityRelevant(filter, label) ? kept : dropped).push(label);
  }
  return { kept, dropped };
}
