// Preloaded with `node --require` in front of the real executable: when the process exits, prints (as
// JSON, on the last line of stderr) the packages whose CommonJS files were loaded. Used to prove what
// start-up does not load.
process.on('exit', () => {
  const packages = Object.keys(require.cache)
    .filter((path) => path.includes('/node_modules/'))
    .map((path) => path.split('/node_modules/').at(-1).split('/')[0]);
  process.stderr.write(`\n${JSON.stringify([...new Set(packages)].sort())}\n`);
});
