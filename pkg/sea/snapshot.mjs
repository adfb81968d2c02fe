/**
 * The single executable's start-up snapshot (pkg/build.mjs; Node's SEA `useSnapshot`). `node
 * --experimental-sea-config` runs this module once, at build time, and V8 saves the heap it leaves: at
 * start the executable deserializes that heap, so the modules every command needs are already evaluated
 * (commander's program code, the options and their zod schemas, column sets, printers, client-node's
 * KubeConfig) and the functions the warm-up ran are already compiled. Then src/main.ts, which alone
 * touches the process, is evaluated, at run time: argv, the environment, the terminal and the clock are
 * read by the process that runs, never frozen into the snapshot.
 *
 * What may run here (Node 20): no `node:http`, `node:https` or `node:tls` (their native parts cannot be
 * saved, V8 aborts the build; the bundle loads them on first use, see pkg/build.mjs), no builtin that
 * Node warns it has not verified for snapshots (child_process, tty...), no handle, no stream of the
 * process. Anything run here that reads the environment, a standard stream (a terminal check), the
 * clock or argv, or makes Node warn, fails the build (`watchProcess`): its value would be the build
 * machine's.
 *
 * The warm-up runs what a live `endpoints -A` runs but its request: the command line, the options and
 * the printing of the table (`endpoints -A --demo` with in-memory streams, an empty environment and a
 * fixed clock, as the tests run the CLI), and the loading of a kubeconfig (`warm-up.kubeconfig`, which
 * pkg/build.mjs writes into the folder the build runs in).
 */
import { join } from 'node:path';
import { startupSnapshot } from 'node:v8';

/**
 * Records what code run during `action` reads of the process: environment variables, the clock, argv,
 * the standard streams, and warnings (a terminal check reads a stream, or loads node:tty, which Node
 * warns is not verified for snapshots). Returns what was read, `[]` when nothing.
 */
async function watchProcess(action) {
  const reads = [];
  const saved = {
    env: process.env,
    argv: process.argv,
    now: Date.now,
    streams: ['stdin', 'stdout', 'stderr'].map((name) => [name, Object.getOwnPropertyDescriptor(process, name)]),
  };
  const env = saved.env;
  const read = (what, value) => {
    reads.push(what);
    return value;
  };
  process.env = new Proxy(env, {
    get: (target, key) => read(`process.env.${String(key)}`, Reflect.get(target, key)),
    has: (target, key) => read(`process.env.${String(key)}`, Reflect.has(target, key)),
    ownKeys: (target) => read('the keys of process.env', Reflect.ownKeys(target)),
  });
  Object.defineProperty(process, 'argv', { configurable: true, get: () => read('process.argv', saved.argv) });
  Date.now = () => read('Date.now()', saved.now());
  for (const [name, descriptor] of saved.streams) {
    Object.defineProperty(process, name, {
      configurable: true,
      get: () => read(`process.${name}`, descriptor.get.call(process)),
    });
  }
  const warned = (warning) => {
    // The builder's own, about SEAs being experimental.
    if (warning.name === 'ExperimentalWarning' && warning.message.startsWith('Single executable')) return;
    reads.push(`a warning: ${warning.message.split('\n')[0]}`);
  };
  process.on('warning', warned);
  try {
    await action();
    await new Promise((resolve) => setImmediate(resolve)); // a warning is emitted on the next tick
  } finally {
    process.off('warning', warned);
    process.env = env;
    Object.defineProperty(process, 'argv', { configurable: true, writable: true, value: saved.argv });
    Date.now = saved.now;
    for (const [name, descriptor] of saved.streams) Object.defineProperty(process, name, descriptor);
  }
  return [...new Set(reads)];
}

/**
 * Read on every call and kept nowhere, so not frozen: the yaml package's debugging switches (its parser
 * and composer check them on each document).
 */
const READ_ON_EACH_CALL = new Set(['process.env.LOG_TOKENS', 'process.env.LOG_STREAM']);

const discard = { write() {} };
/** The CLI's Io (src/commands/io.ts) with nothing of the process in it. */
const io = {
  stdout: discard,
  stderr: discard,
  stdin: async function* () {},
  env: {},
  isTTY: false,
  stderrIsTTY: false,
  now: () => new Date(Date.UTC(2024, 0, 1)),
  interruption: () => new AbortController().signal,
};
const kubeconfig = join(process.cwd(), 'warm-up.kubeconfig');

const reads = (
  await watchProcess(async () => {
    const { run } = await import('../../src/cli/program.ts');
    await import('../../src/cli/actions.ts');
    await import('../../src/commands/endpoints.ts');
    await import('../../src/source/cluster/index.ts');
    const { loadKubeconfig } = await import('../../src/source/cluster/kubeconfig.ts');
    const k8s = await import('@kubernetes/client-node/dist/config.js');

    const code = await run(['endpoints', '-A', '--demo'], io);
    if (code !== 0) throw new Error(`the warm-up's endpoints -A --demo exited ${code}`);
    loadKubeconfig(k8s, { kubeconfig, context: undefined }, io.env);
  })
).filter((read) => !READ_ON_EACH_CALL.has(read));
if (reads.length > 0) {
  throw new Error(`the snapshot would freeze what the build machine's process gave: ${reads.join(', ')}`);
}

startupSnapshot.setDeserializeMainFunction(() => import('../../src/main.ts'));
