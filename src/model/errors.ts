/**
 * Typed failures. Everything below the entry throws these; the entry alone turns them into one line on
 * stderr and an exit code (see README, "Exit codes").
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
} as const;

/**
 * Each class names itself: the bundle is minified without esbuild's keepNames (whose wrapping of every
 * function costs about 20 ms of start-up), so a class's own name is not kept for `--debug`'s stack line.
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number,
    /** The message is printed as it is, not after `error: ` (kubectl's own lines, e.g. NotFound). */
    readonly verbatim = false,
  ) {
    super(message);
  }
}

/** The command line asked for something impossible: exit 2. */
export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** Objects asked for by name that do not exist: kubectl's lines, one per name, exit 1. */
export class NotFoundError extends CliError {
  override name = 'NotFoundError';
  constructor(lines: readonly string[]) {
    super(lines.join('\n'), ExitCode.failure, true);
  }
}

/** The source, the data or the I/O failed: exit 1. */
export class RuntimeFailure extends CliError {
  override name = 'RuntimeFailure';
  constructor(message: string) {
    super(message, ExitCode.failure);
  }
}
