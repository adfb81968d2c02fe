/**
 * For pkg/build.mjs: the esbuild plugin that makes the snapshot's bundle load some of Node's builtins
 * when first used rather than when evaluated.
 */
import { createRequire } from 'node:module';

/**
 * Node 20's snapshot builder cannot save the native state of the HTTP parser and TLS (V8 aborts the
 * build), and warns that child_process is not verified for snapshots (client-node's exec plugins use
 * it), so in the snapshot's bundle these builtins are stand-ins that load the builtin when first used:
 * at run time, on the first request or the first exec plugin. A function (spawn, request) is one that
 * calls the builtin's, so that reading it loads nothing (client-node keeps child_process.spawn when it
 * is evaluated); a class or value is a property that loads the builtin when read. Their names are this node's; what
 * node-fetch reads when it is evaluated, http's STATUS_CODES and METHODS (constant tables), are copies.
 */
const LAZY_BUILTINS = [
  'http',
  'https',
  'tls',
  'http2',
  '_http_agent',
  '_http_client',
  '_http_common',
  '_http_outgoing',
  'child_process',
];
const COPIED = { http: ['STATUS_CODES', 'METHODS'] };

export const lazyBuiltinsPlugin = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    b.onResolve({ filter }, (args) =>
      args.namespace === 'lazy-builtin'
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const name = args.path;
      const real = createRequire(import.meta.url)(name);
      const copied = COPIED[name] ?? [];
      const properties = Object.keys(real).map((key) => {
        const k = JSON.stringify(key);
        if (copied.includes(key)) return `  ${k}: ${JSON.stringify(real[key])},`;
        if (typeof real[key] === 'function' && /^[a-z]/.test(key)) {
          return `  ${k}: function (...args) { return load()[${k}].apply(this, args); },`;
        }
        return `  get ${k}() { return load()[${k}]; },\n  set ${k}(value) { load()[${k}] = value; },`;
      });
      return {
        contents: [
          'let loaded;',
          `const load = () => (loaded ??= require(${JSON.stringify(`node:${name}`)}));`,
          'module.exports = {',
          ...properties,
          '};',
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};
