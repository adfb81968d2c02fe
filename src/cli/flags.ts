/**
 * Flag groups, declared once and attached to every command that needs them (cli-runtime's
 * ConfigFlags and PrintFlags).
 */
import { type Command, Option } from 'commander';
import { OUTPUT_FORMATS } from './options.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function withSourceFlags(command: Command): Command {
  return command
    .option(
      '--from <path>',
      'read objects from a file of `kubectl get -o json|yaml`, multi-document YAML, a folder (an unpacked cilium sysdump) or - for stdin; repeatable',
      collect,
      [],
    )
    .option('--demo', 'read the bundled demo cluster (5 endpoints, 6 identities)')
    .option(
      '--cilium-version <version>',
      'Cilium release whose CiliumEndpoint columns to print when reading files: 1.14 (default), 1.15, 1.16, 1.17, 1.18',
    );
}

export function withScopeFlags(command: Command, note = ''): Command {
  return command
    .option('-n, --namespace <namespace>', `the namespace to list (default: default)${note}`)
    .option('-A, --all-namespaces', `list across all namespaces${note}`);
}

export function withPrintFlags(command: Command): Command {
  return command
    .addOption(new Option('-o, --output <format>', `output format: ${OUTPUT_FORMATS.join('|')}`))
    .option('--no-headers', 'do not print the header line');
}

export function withDebugFlag(command: Command): Command {
  return command.option('--debug', 'print stack traces of errors');
}
