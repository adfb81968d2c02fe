// Runs the program in this process with the arguments given, then prints (as JSON, on the last line
// of stdout) the packages whose CommonJS files were loaded. Used to prove what start-up does not load.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [kubeconfig, ...args] = process.argv.slice(2);
const { run } = await import('../../dist/cli/program.js');
const sink = { write() {} };
await run(args, {
  stdout: sink,
  stderr: sink,
  readStdin: async () => '',
  env: { KUBECONFIG: kubeconfig },
  now: () => new Date(),
});
const packages = Object.keys(require.cache)
  .filter((path) => path.includes('/node_modules/'))
  .map((path) => path.split('/node_modules/').at(-1).split('/')[0]);
console.log(JSON.stringify([...new Set(packages)].sort()));
