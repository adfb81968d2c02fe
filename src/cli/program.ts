/**
 * The command line: commander program -> validated options -> command. `run` is the whole program
 * without the process: tests drive it with in-memory streams and a fixed clock.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { Io } from '../commands/io.js';
import {
  CARDINALITY_SPEC,
  DOCTOR_SPEC,
  ENDPOINTS_SPEC,
  IDENTITIES_SPEC,
  REPORT_SPEC,
  WHO_SHARES_SPEC,
} from '../commands/specs.js';
import { CliError, ExitCode, UsageError } from '../model/errors.js';
import { escapeTerminal } from '../print/sanitize.js';
import { complete, completionScript } from './complete.js';
import { withFlags } from './flags.js';
import { versionText } from './version.js';

const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

const loadActions = async () => (await import('./actions.js')).actions;

const examples = (lines: string[]): string => `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;

function buildProgram(io: Io): Command {
  const program = new Command('cilium-view')
    .description('Cilium endpoints and identities as kubectl prints them, and which pods share an identity')
    .version(
      versionText(VERSION).trimEnd(),
      '--version',
      'print the version and the CiliumEndpoint column sets it knows',
    )
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    });

  withFlags(
    program
      .command('endpoints')
      .aliases(['cep', 'ciliumendpoints', 'ciliumendpoint'])
      .argument('[name...]', 'endpoints to get (in the namespace of -n)')
      .option('--dangling', 'only endpoints whose identity has no CiliumIdentity (and is not reserved or node-local)')
      .description('list CiliumEndpoints, as `kubectl get ciliumendpoints.cilium.io` does'),
    ENDPOINTS_SPEC,
  )
    .addHelpText(
      'after',
      examples([
        'cilium-view endpoints -A --demo',
        'cilium-view endpoints -n kube-system --demo',
        'cilium-view endpoints -A --dangling --demo',
        'kubectl get cep -A -o yaml | cilium-view endpoints -A --from -',
      ]),
    )
    .action(async (names: string[], raw: Record<string, unknown>) => (await loadActions()).endpoints(io, raw, names));

  withFlags(
    program
      .command('identities')
      .aliases(['ciliumid', 'ciliumidentities', 'ciliumidentity'])
      .argument('[id...]', 'identities to get')
      .option('--unused', "only identities no endpoint uses, with when Cilium's operator marked them (MARKED)")
      .description('list CiliumIdentities, as `kubectl get ciliumidentities.cilium.io` does'),
    IDENTITIES_SPEC,
    ' (accepted and ignored: identities are cluster-scoped)',
  )
    .addHelpText(
      'after',
      examples([
        'cilium-view identities --demo',
        'cilium-view identities -o wide --demo',
        'cilium-view identities --unused --demo',
        'cilium-view identities --from ./sysdump/',
      ]),
    )
    .action(async (ids: string[], raw: Record<string, unknown>) => (await loadActions()).identities(io, raw, ids));

  withFlags(
    program
      .command('who-shares')
      .argument(
        '<identity|pod>',
        'a numeric security identity (1 to 4294967295), or a pod: NAMESPACE/POD, or POD with -n',
      )
      .option('-n, --namespace <namespace>', 'the namespace of a POD given without one')
      .description('what a security identity is, and every endpoint in every namespace that carries it'),
    WHO_SHARES_SPEC,
  )
    .addHelpText(
      'after',
      examples([
        'cilium-view who-shares 27084 --demo',
        'cilium-view who-shares kube-system/coredns-5d78c9869d-62zlb --demo',
        'cilium-view who-shares 16737 --demo -o yaml',
        'cilium-view who-shares 2 --demo',
      ]),
    )
    .action(async (id: string, raw: Record<string, unknown>) => (await loadActions()).whoShares(io, raw, id));

  withFlags(
    program
      .command('doctor')
      .description(
        'identity health in one report: counts, unused and dangling identities, duplicates, endpoint states, headroom (exit 3 on problems)',
      ),
    DOCTOR_SPEC,
  )
    .addHelpText('after', examples(['cilium-view doctor --demo', 'cilium-view doctor --demo -o json']))
    .action(async (raw: Record<string, unknown>) => (await loadActions()).doctor(io, raw));

  withFlags(
    program
      .command('cardinality')
      .option(
        '--labels <patterns>',
        "what-if: Cilium's `labels` option (e.g. 'k8s:!statefulset.kubernetes.io/pod-name')",
      )
      .description('identity explosion: identities per workload, the label keys that split them, and a what-if'),
    CARDINALITY_SPEC,
  )
    .addHelpText(
      'after',
      examples([
        'cilium-view cardinality --demo',
        "cilium-view cardinality --demo --labels 'k8s:!app'",
        'cilium-view cardinality --demo --cilium-version 1.18 -o json',
      ]),
    )
    .action(async (raw: Record<string, unknown>) => (await loadActions()).cardinality(io, raw));

  withFlags(
    program
      .command('report')
      .option('--out <file>', 'write the page to this file (default: stdout, which must not be a terminal)')
      .option('--labels <patterns>', "what-if: Cilium's `labels` option, drawn before and after")
      .description('identity health as one self-contained HTML page with charts: doctor and cardinality, drawn'),
    REPORT_SPEC,
  )
    .addHelpText(
      'after',
      examples([
        'cilium-view report --out identity-report.html',
        "cilium-view report --from ./sysdump/ --labels 'k8s:!statefulset.kubernetes.io/pod-name' --out sysdump.html",
      ]),
    )
    .action(async (raw: Record<string, unknown>) => (await loadActions()).report(io, raw));

  program
    .command('completion')
    .argument('<shell>', 'bash, zsh or fish')
    .description('print the shell completion script (commands, flags, -o values, namespaces, names and IDs)')
    .addHelpText('after', examples(['source <(cilium-view completion bash)', 'cilium-view completion fish | source']))
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh' && shell !== 'fish') {
        throw new UsageError(`no completion for shell "${shell}": use bash, zsh or fish`);
      }
      io.stdout.write(completionScript(shell));
    });

  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (words: string[]) => {
      const actions = await loadActions();
      io.stdout.write(await complete(program, words, (what, raw) => actions.lookup(io, what, raw)));
    });

  return program;
}

/** Runs the program; returns the exit code. Errors become one line on stderr (a stack with --debug). */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    io.stdout.write(program.helpInformation());
    return ExitCode.ok;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return report(error, argv, io);
  }
}

const quietExits = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

function report(error: unknown, argv: readonly string[], io: Io): number {
  if (error instanceof CommanderError) {
    if (quietExits.has(error.code)) return ExitCode.ok;
    const command = argv.find((arg) => !arg.startsWith('-'));
    const help = command === undefined ? 'cilium-view --help' : `cilium-view ${command} --help`;
    io.stderr.write(`${escapeTerminal(error.message)}; see '${escapeTerminal(help)}' for usage\n`);
    return ExitCode.usage;
  }
  if (argv.includes('--debug') && error instanceof Error && error.stack !== undefined) {
    io.stderr.write(`${error.stack.split('\n').map(escapeTerminal).join('\n')}\n`);
  }
  if (error instanceof CliError) {
    const lines = error.message.split('\n').map(escapeTerminal);
    io.stderr.write(error.verbatim ? `${lines.join('\n')}\n` : `error: ${lines.join(' ')}\n`);
    return error.exitCode;
  }
  io.stderr.write(
    `error: ${escapeTerminal(error instanceof Error ? error.message : String(error))} (an unexpected failure: please report it, with --debug)\n`,
  );
  return ExitCode.failure;
}
