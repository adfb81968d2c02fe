/**
 * Flag groups, declared once and attached to every command that needs them (cli-runtime's
 * ConfigFlags and PrintFlags).
 */
import { type Command, Option } from 'commander';
import type { CommandSpec } from '../commands/specs.js';
import { DEFAULT_CILIUM_VERSION } from '../model/version.js';
import { CILIUM_RELEASES } from '../view/columns.js';
import { DEFAULT_CHUNK_SIZE } from './defaults.js';

const DEFAULT_RELEASE = `${DEFAULT_CILIUM_VERSION.major}.${DEFAULT_CILIUM_VERSION.minor}`;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function withSourceFlags(command: Command): Command {
  return command
    .option(
      '--from <path>',
      'read objects from a file of `kubectl get -o json|yaml`, multi-document YAML, a folder (an unpacked cilium sysdump) or - for stdin; repeatable; NAME=PATH names the cluster of each dump',
      collect,
      [],
    )
    .option('--demo', 'read the bundled demo cluster (5 endpoints, 6 identities)')
    .option('--kubeconfig <file>', 'the kubeconfig file to use (default: KUBECONFIG, else ~/.kube/config)')
    .option(
      '--context <name>',
      'the kubeconfig context to use; several (repeated or a,b) print a CONTEXT column',
      collect,
      [],
    )
    .option('--all-contexts', "every context of the kubeconfig, in the kubeconfig's order")
    .option('--request-timeout <duration>', 'give up on a request after this long: 0 (never, the default), 30s, 1m30s')
    .option('--chunk-size <n>', `list in pages of n objects; 0 lists in one request (default ${DEFAULT_CHUNK_SIZE})`)
    .option('--insecure-skip-tls-verify', "do not check the server's certificate (insecure)")
    .option(
      '--cilium-version <version>',
      `the Cilium release of the objects (CiliumEndpoint columns of files, reserved identities, default labels): ${CILIUM_RELEASES.map((r) => (r === DEFAULT_RELEASE ? `${r} (default)` : r)).join(', ')}`,
    );
}

function withScopeFlags(command: Command, note = ''): Command {
  return command
    .option(
      '-n, --namespace <namespace>',
      `the namespace to list (default: the context's namespace, else default)${note}`,
    )
    .option('-A, --all-namespaces', `list across all namespaces${note}`);
}

/** The flag groups a command honours (its spec), in the help's order; `scopeNote` ends the scope flags' help. */
export function withFlags(command: Command, spec: CommandSpec, scopeNote = ''): Command {
  const groups = new Set(spec.flags);
  if (groups.has('scope')) withScopeFlags(command, scopeNote);
  if (groups.has('get')) withGetFlags(command);
  if (groups.has('source')) withSourceFlags(command);
  if (groups.has('output')) withOutputFlags(command, spec);
  if (groups.has('table')) withTableFlags(command);
  if (groups.has('objects')) {
    command.option('--show-managed-fields', 'keep metadata.managedFields in -o json and -o yaml (left out by default)');
  }
  if (groups.has('debug')) withDebugFlag(command);
  return command;
}

function withOutputFlags(command: Command, spec: CommandSpec): Command {
  const formats = spec.formats.map((f) =>
    f === 'jsonpath' ? 'jsonpath=TEMPLATE' : f === 'custom-columns' ? 'custom-columns=SPEC' : f,
  );
  return command
    .addOption(new Option('-o, --output <format>', `output format: ${formats.join('|')} (default: ${spec.prints})`))
    .option(
      '--color <when>',
      'colour the output: auto (on a terminal; NO_COLOR and FORCE_COLOR are honoured), always, never',
    );
}

function withTableFlags(command: Command): Command {
  return command
    .option('--no-headers', 'do not print the header line')
    .option('--show-labels', 'show all labels as the last column')
    .option(
      '-L, --label-columns <keys>',
      'a column for each of these labels (comma-separated; repeatable)',
      collect,
      [],
    );
}

/** kubectl get's selection and ordering flags. */
function withGetFlags(command: Command): Command {
  return command
    .option(
      '-l, --selector <selector>',
      'label selector: key=value, key!=value, key in (a,b), key notin (a), key, !key',
    )
    .option(
      '--field-selector <selector>',
      'field selector on metadata.name and metadata.namespace, e.g. metadata.name=x',
    )
    .option('--sort-by <jsonpath>', 'sort by this JSONPath, e.g. .metadata.name or .status.identity.id')
    .option('--ignore-not-found', 'names that do not exist are not an error')
    .option('-w, --watch', 'after the list, print each change as it happens (live clusters; Ctrl-C ends it)')
    .option('--watch-only', 'print the changes only, not the list first');
}

function withDebugFlag(command: Command): Command {
  return command.option('--debug', 'log each request (never its credentials) and print stack traces of errors');
}
