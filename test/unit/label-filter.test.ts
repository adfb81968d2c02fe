/**
 * Cilium's identity-relevant label filter (pkg/labelsfilter/filter.go): the default patterns of each
 * version, the longest-match rule, and the `labels` option of cilium-config.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import {
  defaultLabelFilter,
  filterLabels,
  isIdentityRelevant,
  type LabelFilter,
  parseLabelsOption,
} from '../../src/model/label-filter.js';
import type { CiliumVersion } from '../../src/model/version.js';

const v = (minor: number): CiliumVersion => ({ major: 1, minor, patch: 0 });
const VERSIONS = [14, 15, 16, 17, 18] as const;
const ALL = VERSIONS;

// Each label with the minor releases whose default filter keeps it.
const DEFAULTS: readonly [label: string, keptIn: readonly number[]][] = [
  // includes
  ['reserved:host', ALL],
  ['reserved:world', ALL],
  ['k8s:io.kubernetes.pod.namespace=x', ALL],
  ['k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=x', ALL],
  ['k8s:app.kubernetes.io/name=x', ALL],
  ['k8s:io.cilium.k8s.policy.cluster=default', ALL],
  ['k8s:io.cilium.k8s.policy.serviceaccount=default', ALL],
  // excludes of every version
  ['k8s:io.kubernetes.pod.name=web-0', []],
  ['k8s:kubernetes.io/hostname=node-1', []],
  ['k8s:beta.kubernetes.io/arch=amd64', []],
  ['k8s:failure-domain.beta.kubernetes.io/zone=a', []],
  ['k8s:k8s.io/cluster-service=true', []],
  ['k8s:pod-template-generation=1', []],
  ['k8s:pod-template-hash=abc', []],
  ['k8s:controller-revision-hash=7d9f', []],
  ['container:annotation.io.cilium.version=1', []],
  ['k8s:etcd_node=etcd-0', []],
  // excludes added later
  ['k8s:statefulset.kubernetes.io/pod-name=web-0', [14]],
  ['k8s:apps.kubernetes.io/pod-index=0', [14]],
  ['k8s:batch.kubernetes.io/job-completion-index=0', [14]],
  ['k8s:batch.kubernetes.io/controller-uid=6b1c', [14, 15]],
  ['k8s:controller-uid=6b1c', [14, 15]],
  // matched by no pattern: kept in deny-list mode
  ['k8s:app=x', ALL],
  ['k8s:k8s-app=kube-dns', ALL],
  ['k8s:job-name=pi', ALL],
  ['k8s:batch.kubernetes.io/job-name=pi', ALL],
  ['k8s:team=io.kubernetes', ALL],
  ['app=x', ALL],
  ['', ALL],
];

describe('defaultLabelFilter', () => {
  for (const minor of VERSIONS) {
    for (const [label, keptIn] of DEFAULTS) {
      const kept = keptIn.includes(minor);
      it(`1.${minor} ${kept ? 'keeps' : 'drops'} ${JSON.stringify(label)}`, () => {
        expect(isIdentityRelevant(defaultLabelFilter(v(minor)), label)).toBe(kept);
      });
    }
  }

  it('has the default patterns of each version, in filter.go order', () => {
    const texts = (minor: number): string[] => defaultLabelFilter(v(minor)).patterns.map((p) => p.text);
    const v14 = [
      'reserved:.*',
      String.raw`io\.kubernetes\.pod\.namespace`,
      String.raw`io\.cilium\.k8s\.namespace\.labels`,
      String.raw`app\.kubernetes\.io`,
      String.raw`!io\.kubernetes`,
      String.raw`!kubernetes\.io`,
      String.raw`!.*beta\.kubernetes\.io`,
      String.raw`!k8s\.io`,
      '!pod-template-generation',
      '!pod-template-hash',
      '!controller-revision-hash',
      '!annotation.*',
      '!etcd_node',
    ];
    expect(texts(14)).toEqual(v14);
    expect(texts(13)).toEqual(v14);
    expect(texts(15)).toHaveLength(16);
    expect(texts(16)).toHaveLength(19);
    expect(texts(17)).toEqual(texts(16));
    expect(texts(18)).toEqual([
      'reserved:.*',
      String.raw`io\.kubernetes\.pod\.namespace`,
      String.raw`io\.cilium\.k8s\.namespace\.labels`,
      String.raw`app\.kubernetes\.io`,
      String.raw`io\.cilium\.k8s\.policy\.cluster`,
      String.raw`io\.cilium\.k8s\.policy\.serviceaccount`,
      String.raw`!io\.kubernetes`,
      String.raw`!kubernetes\.io`,
      String.raw`!statefulset\.kubernetes\.io/pod-name`,
      String.raw`!apps\.kubernetes\.io/pod-index`,
      String.raw`!batch\.kubernetes\.io/job-completion-index`,
      String.raw`!batch\.kubernetes\.io/controller-uid`,
      String.raw`!.*beta\.kubernetes\.io`,
      String.raw`!k8s\.io`,
      '!pod-template-generation',
      '!pod-template-hash',
      '!controller-revision-hash',
      '!controller-uid',
      '!annotation.*',
      '!etcd_node',
    ]);
  });

  it('limits reserved:.* to the reserved source and the others to no source', () => {
    const [reserved, namespace] = defaultLabelFilter(v(14)).patterns;
    expect(reserved).toMatchObject({ source: 'reserved', exclude: false });
    expect(namespace).toMatchObject({ source: '', exclude: false });
    expect(isIdentityRelevant(parseLabelsOption('k8s:app', v(14)), 'k8s:host')).toBe(false);
  });

  it('describes itself as deny-list mode', () => {
    const filter = defaultLabelFilter(v(15));
    expect(filter.allowList).toBe(false);
    expect(filter.description).toMatch(/^Cilium 1\.15 default label filter: a label is identity-relevant unless/);
  });
});

describe('the longest-match rule', () => {
  const filter = (text: string): LabelFilter => parseLabelsOption(text, v(14));

  it('keeps a label whose include matches more of the key than the exclude', () => {
    // include io\.kubernetes\.pod\.namespace (27 characters) beats exclude io\.kubernetes (13)
    expect(isIdentityRelevant(filter(''), 'k8s:io.kubernetes.pod.namespace.extra=x')).toBe(true);
    expect(isIdentityRelevant(filter(String.raw`k8s:!foo k8s:foo\.bar`), 'k8s:foo.bar=x')).toBe(true);
  });

  it('drops a label whose exclude matches more, or as much', () => {
    expect(isIdentityRelevant(filter(String.raw`k8s:foo k8s:!foo\.bar`), 'k8s:foo.bar=x')).toBe(false);
    expect(isIdentityRelevant(filter(String.raw`k8s:foo k8s:!foo\.bar`), 'k8s:foo.baz=x')).toBe(true);
    expect(isIdentityRelevant(filter('k8s:foo k8s:!foo'), 'k8s:foo=x')).toBe(false);
  });

  it('weighs the longest include against the shortest exclude', () => {
    const f = filter(String.raw`k8s:!f k8s:!foo\.bar\.baz k8s:foo\.bar`);
    expect(isIdentityRelevant(f, 'k8s:foo.bar.baz=x')).toBe(true);
  });

  it('measures the regex match, not the pattern text', () => {
    // !.*beta\.kubernetes\.io matches up to the end of beta.kubernetes.io, past the namespace-labels include
    expect(
      isIdentityRelevant(filter(''), 'k8s:io.cilium.k8s.namespace.labels.topology.beta.kubernetes.io/zone=a'),
    ).toBe(false);
  });

  it('ignores an exclude that matches an empty part of the key, as Cilium does', () => {
    expect(isIdentityRelevant(filter('k8s:!x*'), 'k8s:app=x')).toBe(true);
    expect(isIdentityRelevant(filter('!'), 'k8s:app=x')).toBe(true);
  });

  it('matches the key only: neither the source nor the value', () => {
    expect(isIdentityRelevant(filter(''), 'k8s:team=pod-template-hash')).toBe(true);
    expect(isIdentityRelevant(filter('k8s:!k8s'), 'k8s:app=x')).toBe(true);
    expect(isIdentityRelevant(filter('k8s:!app'), 'k8s:my-app=x')).toBe(true);
  });
});

describe('parseLabelsOption', () => {
  it('switches to allow-list mode with one include and keeps the default includes', () => {
    for (const minor of VERSIONS) {
      const filter = parseLabelsOption('k8s:app', v(minor));
      expect(filter.allowList).toBe(true);
      const relevant = (label: string): boolean => isIdentityRelevant(filter, label);
      expect(relevant('k8s:app=web')).toBe(true);
      expect(relevant('k8s:app-production=true')).toBe(true);
      expect(relevant('k8s:team=a')).toBe(false);
      expect(relevant('k8s:k8s-app=kube-dns')).toBe(false);
      expect(relevant('container:app=web')).toBe(false);
      expect(relevant('reserved:host')).toBe(true);
      expect(relevant('k8s:io.kubernetes.pod.namespace=default')).toBe(true);
      expect(relevant('k8s:io.cilium.k8s.namespace.labels.team=a')).toBe(true);
      expect(relevant('k8s:app.kubernetes.io/name=web')).toBe(true);
      expect(relevant('k8s:io.cilium.k8s.policy.cluster=default')).toBe(minor >= 16);
      expect(relevant('k8s:io.cilium.k8s.policy.serviceaccount=web')).toBe(minor >= 18);
      expect(relevant('k8s:pod-template-hash=abc')).toBe(false);
    }
  });

  it('follows the documented include example', () => {
    const filter = parseLabelsOption(String.raw`k8s:io.kubernetes\.pod\.namespace k8s:k8s-app k8s:app k8s:name`, v(15));
    const { kept, dropped } = filterLabels(filter, [
      'k8s:k8s-app-team=a',
      'k8s:app-production=a',
      'k8s:name-defined=a',
      'k8s:env=prod',
      'k8s:io.kubernetes.pod.namespace=default',
      'reserved:init',
    ]);
    expect(kept).toEqual([
      'k8s:k8s-app-team=a',
      'k8s:app-production=a',
      'k8s:name-defined=a',
      'k8s:io.kubernetes.pod.namespace=default',
      'reserved:init',
    ]);
    expect(dropped).toEqual(['k8s:env=prod']);
  });

  it('stays in deny-list mode with excludes only', () => {
    const filter = parseLabelsOption('k8s:!controller-uid k8s:!job-name', v(14));
    expect(filter.allowList).toBe(false);
    expect(
      filterLabels(filter, ['k8s:job-name=pi', 'k8s:controller-uid=1', 'k8s:app=pi', 'other:job-name=pi']),
    ).toEqual({
      kept: ['k8s:app=pi', 'other:job-name=pi'],
      dropped: ['k8s:job-name=pi', 'k8s:controller-uid=1'],
    });
  });

  it('applies a pattern without a source to every source, one with a source to that source only', () => {
    const filter = parseLabelsOption('!team', v(14));
    expect(isIdentityRelevant(filter, 'k8s:team=a')).toBe(false);
    expect(isIdentityRelevant(filter, 'container:team=a')).toBe(false);
    expect(isIdentityRelevant(filter, 'team=a')).toBe(false);
    expect(isIdentityRelevant(parseLabelsOption('k8s:!team', v(14)), 'container:team=a')).toBe(true);
    expect(isIdentityRelevant(parseLabelsOption('k8s:app', v(14)), 'app=x')).toBe(false);
  });

  it('reads "!k8s:x" as an include for a source named "!k8s", which no label has', () => {
    const filter = parseLabelsOption('!k8s:app', v(14));
    expect(filter.allowList).toBe(true);
    expect(filter.patterns.at(-1)).toMatchObject({ source: '!k8s', exclude: false });
    expect(isIdentityRelevant(filter, 'k8s:app=x')).toBe(false);
    expect(isIdentityRelevant(filter, 'reserved:host')).toBe(true);
  });

  it('reads "any:" as a source named "any", unlike the notation of the docs', () => {
    expect(isIdentityRelevant(parseLabelsOption('any:!app', v(14)), 'k8s:app=x')).toBe(true);
  });

  it('splits on any white space and describes what it was given', () => {
    const filter = parseLabelsOption('  k8s:app\n\tk8s:!foo  ', v(16));
    expect(filter.patterns.slice(-2).map((p) => p.text)).toEqual(['k8s:app', 'k8s:!foo']);
    expect(filter.description).toMatch(
      /^Cilium 1\.16 default patterns plus labels "k8s:app k8s:!foo" \(allow-list mode/,
    );
  });

  it('is the default filter when empty', () => {
    const filter = parseLabelsOption(' ', v(18));
    expect(filter.allowList).toBe(false);
    expect(filter.patterns.map((p) => p.text)).toEqual(defaultLabelFilter(v(18)).patterns.map((p) => p.text));
  });

  it('rejects a pattern with nothing after the source, or a regex that does not compile', () => {
    for (const text of ['k8s:', 'app k8s:', '(', 'k8s:!(', '(?i)app']) {
      expect(() => parseLabelsOption(text, v(14))).toThrow(UsageError);
    }
    expect(() => parseLabelsOption('k8s:', v(14))).toThrow('label pattern "k8s:" has no regular expression');
  });
});

describe('filterLabels', () => {
  const fragments = fc.constantFrom(
    'k8s',
    'reserved',
    ':',
    '=',
    '.',
    '/',
    '-',
    '!',
    'io',
    'kubernetes',
    'beta',
    'app',
    'pod-template-hash',
    'controller-uid',
    '',
  );
  const labelLike = fc.array(fragments, { maxLength: 8 }).map((parts) => parts.join(''));
  const filters = fc.constantFrom(
    ...VERSIONS.map((minor) => defaultLabelFilter(v(minor))),
    parseLabelsOption('k8s:app k8s:!app\\.tier', v(14)),
    parseLabelsOption('!k8s:x reserved:host', v(18)),
  );

  it('partitions its input in order, and never throws', () => {
    fc.assert(
      fc.property(filters, fc.array(fc.oneof(fc.string(), labelLike)), (filter, labels) => {
        const { kept, dropped } = filterLabels(filter, labels);
        expect(kept).toEqual(labels.filter((label) => isIdentityRelevant(filter, label)));
        expect(dropped).toEqual(labels.filter((label) => !isIdentityRelevant(filter, label)));
        expect(kept.length + dropped.length).toBe(labels.length);
      }),
    );
  });

  it('keeps the StatefulSet pod name in 1.14 and drops it from 1.15 on', () => {
    const labels = ['k8s:app=web', 'k8s:statefulset.kubernetes.io/pod-name=web-0', 'k8s:pod-template-hash=abc'];
    expect(filterLabels(defaultLabelFilter(v(14)), labels)).toEqual({
      kept: ['k8s:app=web', 'k8s:statefulset.kubernetes.io/pod-name=web-0'],
      dropped: ['k8s:pod-template-hash=abc'],
    });
    expect(filterLabels(defaultLabelFilter(v(15)), labels)).toEqual({
      kept: ['k8s:app=web'],
      dropped: ['k8s:statefulset.kubernetes.io/pod-name=web-0', 'k8s:pod-template-hash=abc'],
    });
  });
});
