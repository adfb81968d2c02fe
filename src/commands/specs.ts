/**
 * What each command honours, as data: the `-o` formats it prints and the flag groups it takes. The help
 * text, shell completion and each command's validate() are made from it. Free of imports: the help
 * loads it, and the help must start fast.
 */

/** Every output format `-o` knows (kubectl's); an unknown one is a usage error that lists them. */
export const OUTPUT_FORMATS = ['custom-columns', 'json', 'jsonpath', 'name', 'wide', 'yaml'] as const;

export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Flag groups (cli/flags.ts), in the order the help lists them. */
export type FlagGroup = 'scope' | 'get' | 'source' | 'print' | 'debug';

export interface CommandSpec {
  name: string;
  /** What it prints without `-o`, for the usage error of a format it does not print. */
  prints: string;
  /** The `-o` formats it prints besides that. */
  formats: readonly OutputFormat[];
  flags: readonly FlagGroup[];
}

const GET_FLAGS: readonly FlagGroup[] = ['scope', 'get', 'source', 'print', 'debug'];
const REPORT_FLAGS: readonly FlagGroup[] = ['source', 'print', 'debug'];

export const ENDPOINTS_SPEC: CommandSpec = {
  name: 'endpoints',
  prints: 'a table',
  formats: OUTPUT_FORMATS,
  flags: GET_FLAGS,
};
export const IDENTITIES_SPEC: CommandSpec = { ...ENDPOINTS_SPEC, name: 'identities' };
export const WHO_SHARES_SPEC: CommandSpec = {
  name: 'who-shares',
  prints: 'a table',
  formats: ['json', 'yaml'],
  flags: REPORT_FLAGS,
};
export const DOCTOR_SPEC: CommandSpec = { name: 'doctor', prints: 'a report', formats: ['json'], flags: REPORT_FLAGS };
export const CARDINALITY_SPEC: CommandSpec = { ...DOCTOR_SPEC, name: 'cardinality' };
export const REPORT_SPEC: CommandSpec = {
  name: 'report',
  prints: 'an HTML page',
  formats: [],
  flags: ['source', 'debug'],
};

export const COMMAND_SPECS: readonly CommandSpec[] = [
  ENDPOINTS_SPEC,
  IDENTITIES_SPEC,
  WHO_SHARES_SPEC,
  DOCTOR_SPEC,
  CARDINALITY_SPEC,
  REPORT_SPEC,
];
