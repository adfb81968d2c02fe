/**
 * A command as kubectl structures one (Complete, Validate, Run): cli/options.ts completes the flags into
 * the command's options; `validate` finds every usage error in them without any I/O, before a source
 * is opened; `run` does the work.
 */
import { UsageError } from '../model/errors.js';
import type { OutputSpec } from '../print/printers.js';
import type { CommonOptions } from './common.js';
import type { Io } from './io.js';
import type { CommandSpec } from './specs.js';

export interface Command<O extends CommonOptions> {
  spec: CommandSpec;
  /** Throws the UsageError of options that cannot go together; pure. */
  validate(options: O): void;
  run(options: O, io: Io): Promise<void>;
}

/** `-o` as the name the user typed: `wide`, `json`, ...; undefined for the default output. */
export function formatName(output: OutputSpec): string | undefined {
  if (output.kind === 'table') return output.wide ? 'wide' : undefined;
  return output.kind;
}

/** A format the command does not print is a usage error that says which it prints. */
export function checkFormat(spec: CommandSpec, output: OutputSpec): void {
  const given = formatName(output);
  if (given === undefined || (spec.formats as readonly string[]).includes(given)) return;
  const choices = [spec.prints, ...spec.formats.map((format) => `-o ${format}`)];
  const listed = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
  throw new UsageError(`${spec.name} prints ${listed}; -o ${given} is not supported`);
}
