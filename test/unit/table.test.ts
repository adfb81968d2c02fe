/**
 * Objects → table (apiextensions-apiserver tableconvertor.go: `cellForJSONValue`, and client-go
 * jsonpath `PrintResults` for string columns) and table → text (cli-runtime tableprinter.go
 * `printRows`, terminal.go `WriteEscaped`, then tabwriter).
 */
import { describe, expect, it } from 'vitest';
import { goNumber, goPrint } from '../../src/kube/go-json.js';
import { cellText, printTable, type TablePrintOptions } from '../../src/print/table-printer.js';
import {
  type ColumnType,
  ENDPOINT_COLUMN_SETS,
  IDENTITY_COLUMNS,
  NAME_COLUMN,
  type PrinterColumn,
} from '../../src/view/columns.js';
import { buildTable, type Table } from '../../src/view/table.js';

const NOW = new Date('2023-08-08T08:00:00Z');
const sp = (n: number): string => ' '.repeat(n);

function column(name: string, jsonPath: string, type: ColumnType, priority = 0): PrinterColumn {
  return { name, type, format: '', description: `the ${name}`, priority, jsonPath };
}

/** The single cell `value` gets in a column of `type` (the Name cell is cell 0). */
function cellOf(type: ColumnType, value: unknown): unknown {
  const object = { metadata: { name: 'x' }, spec: { value } };
  return buildTable([object], [column('V', '.spec.value', type)], NOW).rows[0]?.cells[1];
}

const plain: TablePrintOptions = {
  withNamespace: false,
  wide: false,
  noHeaders: false,
  labelColumns: [],
  showLabels: false,
};

describe('buildTable', () => {
  const columns = [
    column('Count', '.spec.count', 'integer'),
    column('State', '.status.state', 'string'),
    column('Age', '.metadata.creationTimestamp', 'date'),
  ];

  it('starts with the Name column and copies the printer column definitions without their paths', () => {
    const table = buildTable([], columns, NOW);
    expect(table.columns).toEqual([
      NAME_COLUMN,
      { name: 'Count', type: 'integer', format: '', description: 'the Count', priority: 0 },
      { name: 'State', type: 'string', format: '', description: 'the State', priority: 0 },
      { name: 'Age', type: 'date', format: '', description: 'the Age', priority: 0 },
    ]);
    expect(table.rows).toEqual([]);
  });

  it('gives one row per object, in order, with its namespace and labels', () => {
    const a = {
      metadata: { name: 'a', namespace: 'ns1', labels: { app: 'x' }, creationTimestamp: '2023-08-08T07:00:00Z' },
      spec: { count: 3 },
      status: { state: 'ready' },
    };
    const b = { metadata: { name: 'b' } };
    const table = buildTable([a, b], columns, NOW);
    expect(table.rows).toEqual([
      { cells: ['a', 3, 'ready', '60m'], namespace: 'ns1', labels: { app: 'x' } },
      { cells: ['b', null, null, null], namespace: undefined, labels: {} },
    ]);
  });

  it('gives a null cell, printed empty, for a missing path or a null value', () => {
    const object = { metadata: { name: 'a' }, status: { state: null } };
    const table = buildTable([object], columns, NOW);
    expect(table.rows[0]?.cells).toEqual(['a', null, null, null]);
    expect(printTable(table, plain)).toBe(`NAME   COUNT   STATE   AGE\na${sp(6)}${sp(8)}${sp(8)}\n`);
  });

  describe('integer columns', () => {
    it('keep integers and truncate floats toward zero (Go int64(float64))', () => {
      expect(cellOf('integer', 1426)).toBe(1426);
      expect(cellOf('integer', 1426.9)).toBe(1426);
      expect(cellOf('integer', -3.7)).toBe(-3);
      expect(cellOf('integer', 0.2)).toBe(0);
    });

    it('give null for non-numbers', () => {
      expect(cellOf('integer', '12')).toBeNull();
      expect(cellOf('integer', true)).toBeNull();
      expect(cellOf('integer', [1])).toBeNull();
      expect(cellOf('integer', { id: 1 })).toBeNull();
    });
  });

  it('number columns keep numbers and give null for anything else', () => {
    expect(cellOf('number', 1.5)).toBe(1.5);
    expect(cellOf('number', 3)).toBe(3);
    expect(cellOf('number', '1.5')).toBeNull();
    expect(cellOf('number', false)).toBeNull();
  });

  it('boolean columns keep booleans and give null for anything else', () => {
    expect(cellOf('boolean', true)).toBe(true);
    expect(cellOf('boolean', false)).toBe(false);
    expect(cellOf('boolean', 'true')).toBeNull();
    expect(cellOf('boolean', 1)).toBeNull();
  });

  describe('string columns (printed by jsonpath)', () => {
    it('keep strings, including the empty string', () => {
      expect(cellOf('string', 'ready')).toBe('ready');
      expect(cellOf('string', '<status disabled>')).toBe('<status disabled>');
      expect(cellOf('string', '')).toBe('');
    });

    it('print a number in decimal, or Go %v for floats', () => {
      expect(cellOf('string', 1426)).toBe('1426');
      expect(cellOf('string', 0)).toBe('0');
      expect(cellOf('string', -5)).toBe('-5');
      expect(cellOf('string', 0.5)).toBe('0.5');
      expect(cellOf('string', 1234567.5)).toBe('1.2345675e+06');
    });

    it('print a boolean as true/false', () => {
      expect(cellOf('string', true)).toBe('true');
      expect(cellOf('string', false)).toBe('false');
    });

    /*
     * client-go util/jsonpath PrintResults json.Marshal's values of kind Map, Slice, Array and Struct
     * (kubernetes/kubernetes#89660, since Kubernetes 1.19), and tableconvertor.go prints string
     * columns with `column.PrintResults`. So the server shows a map as compact JSON with sorted keys,
     * not Go's `map[a:1 b:x]`, and a list as JSON, not `[a b]`.
     */
    it('print a map as JSON with sorted keys, as client-go jsonpath PrintResults does', () => {
      expect(cellOf('string', { b: 'x', a: 1 })).toBe('{"a":1,"b":"x"}');
    });

    it('print a list as JSON, as client-go jsonpath PrintResults does', () => {
      expect(cellOf('string', ['10.0.0.1', 'fd00::1'])).toBe('["10.0.0.1","fd00::1"]');
    });
  });

  describe('date columns', () => {
    it('print the age of a timestamp', () => {
      expect(cellOf('date', '2023-08-08T07:00:00Z')).toBe('60m');
      expect(cellOf('date', '2023-08-06T05:00:00Z')).toBe('2d3h');
    });

    it('print <invalid> for a string that is not a timestamp and <unknown> for the empty string', () => {
      expect(cellOf('date', 'yesterday')).toBe('<invalid>');
      expect(cellOf('date', '')).toBe('<unknown>');
      expect(cellOf('date', '0001-01-01T00:00:00Z')).toBe('<unknown>');
    });

    it('give null for non-strings', () => {
      expect(cellOf('date', 1691478000)).toBeNull();
      expect(cellOf('date', true)).toBeNull();
    });
  });
});

describe('goPrint', () => {
  it('prints scalars as Go fmt.Fprint does', () => {
    expect(goPrint('ready')).toBe('ready');
    expect(goPrint('')).toBe('');
    expect(goPrint(42)).toBe('42');
    expect(goPrint(0.5)).toBe('0.5');
    expect(goPrint(1234567.5)).toBe('1.2345675e+06');
    expect(goPrint(true)).toBe('true');
    expect(goPrint(false)).toBe('false');
  });

  it("prints maps as Go's encoding/json does: keys in byte order, integer-like ones too", () => {
    expect(goPrint({ b: 1, a: '<x>' })).toBe('{"a":"\\u003cx\\u003e","b":1}');
    expect(goPrint({ '9': 1, '10': 2, a: [{ z: 1, y: 2 }] })).toBe('{"10":2,"9":1,"a":[{"y":2,"z":1}]}');
  });
});

describe('goNumber', () => {
  it.each([
    [42, '42'],
    [0, '0'],
    [-0, '0'],
    [-7, '-7'],
    [1426, '1426'],
    [1000000, '1000000'],
    [2 ** 53, '9007199254740992'],
    [0.5, '0.5'],
    [-0.5, '-0.5'],
    [0.1, '0.1'],
    [1.25, '1.25'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [0.000012, '1.2e-05'],
    [-1.5e-7, '-1.5e-07'],
    [123456.5, '123456.5'],
    [999999.5, '999999.5'],
    [1234567.5, '1.2345675e+06'],
    [-1234567.5, '-1.2345675e+06'],
    [1e21, '1e+21'],
    [1.5e300, '1.5e+300'],
    [1e-300, '1e-300'],
    // 2^63 does not fit int64, so the server decodes it as float64
    [2 ** 63, '9.223372036854776e+18'],
  ])('%d → %s', (value, expected) => {
    expect(goNumber(value)).toBe(expected);
  });

  it('prints -2^63 (math.MinInt64, exactly representable) as an int64', () => {
    // JSON -9223372036854775808 fits int64, so the server and kubectl keep it an integer.
    expect(goNumber(-(2 ** 63))).toBe('-9223372036854775808');
  });
});

describe('cellText', () => {
  it('prints null as nothing', () => {
    expect(cellText(null)).toBe('');
  });

  it('prints strings as they are', () => {
    expect(cellText('ready')).toBe('ready');
    expect(cellText('')).toBe('');
    expect(cellText('<status disabled>')).toBe('<status disabled>');
  });

  it('prints numbers and booleans as Go fmt.Sprint does', () => {
    expect(cellText(1426)).toBe('1426');
    expect(cellText(0.5)).toBe('0.5');
    expect(cellText(1234567.5)).toBe('1.2345675e+06');
    expect(cellText(true)).toBe('true');
    expect(cellText(false)).toBe('false');
  });

  it('cuts at the first \\n, \\r or \\f and appends ...', () => {
    expect(cellText('first\nsecond')).toBe('first...');
    expect(cellText('first\rsecond')).toBe('first...');
    expect(cellText('first\fsecond')).toBe('first...');
    expect(cellText('a\r\nb')).toBe('a...');
    expect(cellText('a\fb\nc')).toBe('a...');
    expect(cellText('\nb')).toBe('...');
    expect(cellText('trailing\n')).toBe('trailing...');
  });

  it('does not cut at a vertical tab or other control characters, but shows them (where kubectl has no rule)', () => {
    expect(cellText('a\vb')).toBe('a^Kb');
    expect(cellText('a\u0007b')).toBe('a^Gb');
  });

  it('shows ESC as ^[', () => {
    expect(cellText('x\x1by')).toBe('x^[y');
    expect(cellText('\x1b[31mred\x1b[0m')).toBe('^[[31mred^[[0m');
  });

  it('escapes ESC in the kept part of a cut string only', () => {
    expect(cellText('\x1b[1mbold\nmore\x1b')).toBe('^[[1mbold...');
  });
});

describe('printTable', () => {
  const table: Table = {
    columns: [
      NAME_COLUMN,
      { name: 'Age', type: 'string', format: '', description: '', priority: 0 },
      { name: 'Extra', type: 'string', format: '', description: '', priority: 1 },
      { name: 'More', type: 'integer', format: '', description: '', priority: 2 },
    ],
    rows: [
      { cells: ['a', '1m', 'x', 7], namespace: 'ns1', labels: {} },
      { cells: ['bb', null, 'y', null], namespace: 'ns2', labels: {} },
    ],
  };

  it('upper-cases headers and shows only priority-0 columns', () => {
    expect(printTable(table, plain)).toBe(`NAME   AGE\na${sp(6)}1m\nbb${sp(5)}\n`);
  });

  it('shows columns of every priority with wide', () => {
    expect(printTable(table, { ...plain, wide: true })).toBe(
      `NAME   AGE${sp(3)}EXTRA${sp(3)}MORE\n` + `a${sp(6)}1m${sp(4)}x${sp(7)}7\n` + `bb${sp(5)}${sp(6)}y${sp(7)}\n`,
    );
  });

  it('prepends NAMESPACE from each row with withNamespace', () => {
    expect(printTable(table, { ...plain, withNamespace: true })).toBe(
      `NAMESPACE${sp(3)}NAME   AGE\n` + `ns1${sp(9)}a${sp(6)}1m\n` + `ns2${sp(9)}bb${sp(5)}\n`,
    );
  });

  it('prints an empty NAMESPACE cell for a row without a namespace', () => {
    const rows = [{ cells: ['16737', 'kube-system'], namespace: undefined, labels: {} }];
    const cid: Table = { columns: table.columns.slice(0, 2), rows };
    expect(printTable(cid, { ...plain, withNamespace: true })).toBe(
      `NAMESPACE   NAME${sp(4)}AGE\n${sp(12)}16737   kube-system\n`,
    );
  });

  it('drops the header with noHeaders, and widths follow the rows alone', () => {
    expect(printTable(table, { ...plain, noHeaders: true })).toBe(`a${sp(5)}1m\nbb${sp(4)}\n`);
  });

  it('prints nothing at all for zero rows, whatever the options', () => {
    const empty: Table = { columns: table.columns, rows: [] };
    expect(printTable(empty, plain)).toBe('');
    expect(printTable(empty, { ...plain, withNamespace: true, wide: true })).toBe('');
    expect(printTable(empty, { ...plain, noHeaders: true })).toBe('');
  });

  it('lays out cut and escaped cells by their printed width', () => {
    const t: Table = {
      columns: [NAME_COLUMN, { name: 'State', type: 'string', format: '', description: '', priority: 0 }],
      rows: [
        { cells: ['multi\nline', 'x\x1by'], namespace: undefined, labels: {} },
        { cells: ['b', 'ok'], namespace: undefined, labels: {} },
      ],
    };
    // "multi..." is 8 runes → width 11
    expect(printTable(t, plain)).toBe(`NAME${sp(7)}STATE\nmulti...${sp(3)}x^[y\nb${sp(10)}ok\n`);
  });

  it('reproduces a real `kubectl get ciliumendpoint -o wide` capture (Cilium 1.15 columns)', () => {
    const cep = (name: string, identity: number, ipv4: string) => ({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumEndpoint',
      metadata: { name, namespace: 'default', labels: { app: 'wluo' } },
      status: {
        encryption: {},
        id: 457,
        identity: { id: identity, labels: ['k8s:app=wluo'] },
        networking: { addressing: [{ ipv4 }], node: '172.18.0.3' },
        policy: {
          egress: { enforcing: false, state: '<status disabled>' },
          ingress: { enforcing: false, state: '<status disabled>' },
        },
        state: 'ready',
        'visibility-policy-status': '<status disabled>',
      },
    });
    const objects = [
      cep('wluo-mvz4t', 48861, '10.0.1.200'),
      cep('wluo-z6hvb', 18965, '10.0.2.189'),
      cep('wluo-zjzgr', 18965, '10.0.0.131'),
    ];
    const table = buildTable(objects, ENDPOINT_COLUMN_SETS['v1.15'].columns, NOW);

    // Verbatim from the capture (example-objects.json), trailing spaces included.
    expect(printTable(table, { ...plain, wide: true })).toBe(
      'NAME         SECURITY IDENTITY   INGRESS ENFORCEMENT   EGRESS ENFORCEMENT   VISIBILITY POLICY   ENDPOINT STATE   IPV4         IPV6\n' +
        'wluo-mvz4t   48861               <status disabled>     <status disabled>    <status disabled>   ready            10.0.1.200   \n' +
        'wluo-z6hvb   18965               <status disabled>     <status disabled>    <status disabled>   ready            10.0.2.189   \n' +
        'wluo-zjzgr   18965               <status disabled>     <status disabled>    <status disabled>   ready            10.0.0.131   \n',
    );

    // Without -o wide the three priority-1 columns go.
    expect(printTable(table, plain)).toBe(
      `NAME${sp(9)}SECURITY IDENTITY${sp(3)}ENDPOINT STATE${sp(3)}IPV4${sp(9)}IPV6\n` +
        `wluo-mvz4t${sp(3)}48861${sp(15)}ready${sp(12)}10.0.1.200${sp(3)}\n` +
        `wluo-z6hvb${sp(3)}18965${sp(15)}ready${sp(12)}10.0.2.189${sp(3)}\n` +
        `wluo-zjzgr${sp(3)}18965${sp(15)}ready${sp(12)}10.0.0.131${sp(3)}\n`,
    );

    // -A: NAMESPACE (9 + 3 = 12) in front.
    const withNamespace = printTable(table, { ...plain, withNamespace: true }).split('\n');
    expect(withNamespace[0]).toBe(
      `NAMESPACE${sp(3)}NAME${sp(9)}SECURITY IDENTITY${sp(3)}ENDPOINT STATE${sp(3)}IPV4${sp(9)}IPV6`,
    );
    expect(withNamespace[1]).toBe(`default${sp(5)}wluo-mvz4t${sp(3)}48861${sp(15)}ready${sp(12)}10.0.1.200${sp(3)}`);
  });

  it('reproduces a real `kubectl get ciliumidentities` capture (k3s, rows in server order)', () => {
    const cid = (name: string, namespace: string, minutesAgo: number) => ({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumIdentity',
      metadata: {
        name,
        labels: { 'io.kubernetes.pod.namespace': namespace, app: 'x' },
        creationTimestamp: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString().replace('.000Z', 'Z'),
      },
      'security-labels': { 'k8s:io.kubernetes.pod.namespace': namespace },
    });
    const objects = [
      cid('53694', 'kube-system', 44),
      cid('7200', 'kube-system', 44),
      cid('37245', 'kube-system', 44),
      cid('22047', 'bookinfo', 26),
      cid('33566', 'bookinfo', 26),
      cid('4752', 'bookinfo', 26),
      cid('43116', 'bookinfo', 26),
      cid('15745', 'bookinfo', 26),
      cid('23407', 'bookinfo', 26),
      cid('22101', 'bookinfo', 25),
    ];
    const table = buildTable(objects, IDENTITY_COLUMNS, NOW);
    expect(printTable(table, plain)).toBe(
      'NAME    NAMESPACE     AGE\n53694   kube-system   44m\n7200    kube-system   44m\n37245   kube-system   44m\n' +
        '22047   bookinfo      26m\n33566   bookinfo      26m\n4752    bookinfo      26m\n43116   bookinfo      26m\n' +
        '15745   bookinfo      26m\n23407   bookinfo      26m\n22101   bookinfo      25m\n',
    );
  });
});

describe('printTable decorations (kubectl decorateTable)', () => {
  const table: Table = {
    columns: [NAME_COLUMN],
    rows: [
      { cells: ['a'], namespace: 'ns', labels: { 'app.kubernetes.io/name': 'x', tier: 'web', b: '1' } },
      { cells: ['b'], namespace: 'ns', labels: {} },
    ],
  };

  it('-L adds a column per key, headed by its last path segment; a missing label is empty', () => {
    expect(printTable(table, { ...plain, labelColumns: ['app.kubernetes.io/name', 'tier'] })).toBe(
      'NAME   NAME   TIER\na      x      web\nb             \n',
    );
  });

  it('--show-labels adds LABELS last: pairs sorted, or <none>', () => {
    expect(printTable(table, { ...plain, withNamespace: true, showLabels: true, labelColumns: ['tier'] })).toBe(
      'NAMESPACE   NAME   TIER   LABELS\nns          a      web    app.kubernetes.io/name=x,b=1,tier=web\nns          b             <none>\n',
    );
  });
});
