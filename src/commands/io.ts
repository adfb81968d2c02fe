/** What a command may touch: its streams, its input and the clock. The entry builds the real one. */
export interface Output {
  write(text: string): void;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  readStdin(): Promise<string>;
  now(): Date;
}

export function warner(io: Io): (message: string) => void {
  return (message) => io.stderr.write(`warning: ${message}\n`);
}
