/**
 * kubectl's argument grammar (spf13/pflag v1.0.5 as cobra 1.8 drives it), written down once and put in
 * front of commander: argv in pflag's grammar -> the command and an argv commander reads one way only
 * (`--long=value`, `--long` for a true boolean, positionals after `--`). The flags come from the
 * commander program itself, so the grammar and the help cannot disagree.
 *
 * pflag's rules: `--flag=value`, `--flag value`, `-f value`, `-fvalue`, `-f=value`; booleans take no
 * argument but accept `=VALUE` (Go's strconv.ParseBool); booleans group (`-Aw`, `-Ao name`); flags and
 * positionals interleave; `--` ends the flags; `-` and `""` are positionals; a flag given twice keeps
 * its last value (commander accumulates the repeatable ones: `-L`, `--from`). Flags may come before the
 * command (kubectl's global flags; here every flag of the command, a deliberate extension).
 */
import type { Command } from 'commander';
import { goQuote } from '../kube/go-quote.js';
import { UsageError } from '../model/errors.js';

/** One flag as pflag sees it: its name, its shorthand, and whether it takes a value. */
export interface FlagDef {
  name: string;
  shorthand?: string;
  takesValue: boolean;
}

/** A usage error of the command line: the message and the help it points at. */
export class ArgvError extends UsageError {
  override name = 'ArgvError';
  constructor(
    message: string,
    /** The command whose help to read (`cilium-view COMMAND --help`); the main help when undefined. */
    readonly command?: string,
  ) {
    super(message);
  }
}

const HELP: FlagDef = { name: 'help', shorthand: 'h', takesValue: false };

/** The flags of a commander command, as pflag definitions (help included). */
export function flagsOf(command: Command): FlagDef[] {
  const own = command.options.map((option) => ({
    name: (option.long ?? '').replace(/^--/, ''),
    shorthand: option.short?.replace(/^-/, ''),
    takesValue: option.required || option.optional,
  }));
  return [...own, HELP];
}

/** Go's strconv.ParseBool. */
function parseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** Go's `%q` of one byte (pflag quotes the shorthand as a rune). */
const quoteRune = (c: string): string => (c === "'" ? "'\\''" : c === '"' ? `'"'` : `'${goQuote(c).slice(1, -1)}'`);

export interface Scanned {
  /** Each flag given, in order, with its value (`"true"`/`"false"` for a boolean). */
  flags: Array<{ flag: FlagDef; value: string }>;
  positionals: string[];
  /** Where each positional is in the arguments scanned. */
  at: number[];
}

/**
 * pflag's parseArgs over `args` with these flags. `lenient` skips unknown flags (as booleans) instead of
 * failing: how the command is found before its own flags are known.
 */
export function scan(args: readonly string[], defs: readonly FlagDef[], lenient = false): Scanned {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const byShort = new Map(defs.filter((d) => d.shorthand !== undefined).map((d) => [d.shorthand as string, d]));
  const flags: Scanned['flags'] = [];
  const positionals: string[] = [];
  const at: number[] = [];
  let i = 0;
  const next = () => args[i++] as string;
  const more = () => i < args.length;
  const set = (flag: FlagDef, value: string) => {
    if (!lenient && !flag.takesValue && parseBool(value) === undefined) {
      const name = flag.shorthand === undefined ? `--${flag.name}` : `-${flag.shorthand}, --${flag.name}`;
      throw new ArgvError(
        `invalid argument ${goQuote(value)} for ${goQuote(name)} flag: strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`,
      );
    }
    flags.push({ flag, value });
  };
  while (more()) {
    const s = next();
    if (s.length < 2 || !s.startsWith('-')) {
      positionals.push(s);
      at.push(i - 1);
    } else if (s === '--') {
      while (more()) {
        positionals.push(next());
        at.push(i - 1);
      }
    } else if (s.startsWith('--')) {
      const body = s.slice(2);
      if (body.startsWith('-') || body.startsWith('=')) {
        if (lenient) continue;
        throw new ArgvError(`bad flag syntax: ${s}`);
      }
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const flag = byName.get(name);
      if (flag === undefined) {
        if (lenient) continue;
        throw new ArgvError(`unknown flag: --${name}`);
      }
      if (eq >= 0) set(flag, body.slice(eq + 1));
      else if (!flag.takesValue) set(flag, 'true');
      else if (more()) set(flag, next());
      else if (!lenient) throw new ArgvError(`flag needs an argument: ${s}`);
    } else {
      let shorthands = s.slice(1);
      while (shorthands.length > 0) {
        const c = shorthands[0] as string;
        const flag = byShort.get(c);
        if (flag === undefined) {
          if (lenient) break;
          throw new ArgvError(`unknown shorthand flag: ${quoteRune(c)} in -${shorthands}`);
        }
        if (shorthands.length > 2 && shorthands[1] === '=') {
          set(flag, shorthands.slice(2));
          shorthands = '';
        } else if (!flag.takesValue) {
          set(flag, 'true');
          shorthands = shorthands.slice(1);
        } else if (shorthands.length > 1) {
          set(flag, shorthands.slice(1));
          shorthands = '';
        } else if (more()) {
          set(flag, next());
          shorthands = '';
        } else {
          if (lenient) break;
          throw new ArgvError(`flag needs an argument: ${quoteRune(c)} in -${shorthands}`);
        }
      }
    }
  }
  return { flags, positionals, at };
}

/** The arguments commander reads: `--long=value` per value, `--long` per true boolean (its last value). */
export function forCommander(scanned: Scanned): string[] {
  const out: string[] = [];
  const lastBool = new Map<string, string>();
  for (const { flag, value } of scanned.flags) {
    if (flag.takesValue) out.push(`--${flag.name}=${value}`);
    else lastBool.set(flag.name, value);
  }
  for (const [name, value] of lastBool) if (parseBool(value) === true) out.push(`--${name}`);
  return scanned.positionals.length > 0 ? [...out, '--', ...scanned.positionals] : out;
}

/** Levenshtein distance, as cobra's suggestions measure it (case-insensitive). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** cobra's suggestions: commands within 2 edits of what was typed, or starting with it. */
function suggestions(typed: string, commands: readonly Command[]): string[] {
  const lower = typed.toLowerCase();
  return commands
    .filter((c) => [c.name(), ...c.aliases()].some((n) => distance(lower, n.toLowerCase()) <= 2 || n.startsWith(lower)))
    .map((c) => c.name());
}

/** What the program runs: commander's argv, and the command it names (for the usage hint). */
export interface Normalised {
  argv: string[];
  command?: string;
}

/**
 * argv in kubectl's grammar -> the program's commander argv. The command is the first positional (flags
 * of any command may come before it); its flags are then read with its own definitions, so a flag it
 * does not have is an unknown flag there. `help [COMMAND]` is the help of that command.
 */
export function normalise(argv: readonly string[], program: Command): Normalised {
  const commands = program.commands.filter((c) => c.name() !== '__complete');
  const complete = program.commands.find((c) => c.name() === '__complete');
  const rootFlags = flagsOf(program);
  const everyFlag = [...rootFlags, ...commands.flatMap(flagsOf)];
  const found = scan(argv, everyFlag, true);
  const located = found.positionals[0];
  const at = found.at[0] ?? -1;
  if (located === undefined) {
    const root = scan(argv, everyFlag);
    if (root.flags.some(({ flag }) => !rootFlags.includes(flag))) {
      const names = commands.map((c) => c.name());
      throw new ArgvError(`no command given: one of ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);
    }
    return { argv: forCommander(root) };
  }
  if (located === complete?.name() && at === 0) return { argv: [...argv] };
  const lookup = (name: string) => commands.find((c) => c.name() === name || c.aliases().includes(name));
  const command = lookup(located);
  if (command === undefined && located === 'help') {
    const { positionals } = scan(argv.slice(at + 1), [HELP]);
    const topic = positionals[0];
    if (topic === undefined) return { argv: ['--help'] };
    const about = lookup(topic);
    if (about === undefined) throw new ArgvError(`unknown help topic ${goQuote(topic)}`);
    return { argv: [about.name(), '--help'], command: about.name() };
  }
  if (command === undefined) {
    const similar = suggestions(located, commands);
    const hint = similar.length === 0 ? '' : ` (did you mean ${similar.join(' or ')}?)`;
    throw new ArgvError(`unknown command ${goQuote(located)} for "cilium-view"${hint}`);
  }
  const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  try {
    return { argv: [command.name(), ...forCommander(scan(rest, flagsOf(command)))], command: command.name() };
  } catch (error) {
    if (error instanceof ArgvError) throw new ArgvError(error.message, command.name());
    throw error;
  }
}
