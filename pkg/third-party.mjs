#!/usr/bin/env node
/**
 * What the esbuild bundle carries of other people's code, read from its metafile.
 *
 * The packages the CLI imports are bundled into it, so the npm package depends on nothing and ships
 * their licences in one file instead: `node pkg/third-party.mjs META OUT` writes OUT (part of
 * `npm run build`; pkg/build.mjs does the same for the single executable). It fails when the bundle
 * leaves an import to be resolved at run time that is neither a Node.js builtin nor one of the optional
 * packages below, which their importers load inside try/catch and run without: the installed package
 * would need a dependency it does not declare.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Imports left to run time on purpose: optional packages, each tried inside try/catch by its importer. */
export const OPTIONAL_AT_RUN_TIME = {
  bufferutil: 'ws, faster WebSocket masking',
  'utf-8-validate': 'ws, faster UTF-8 validation',
  encoding: 'node-fetch, bodies in charsets other than UTF-8',
  'supports-color': 'debug, 256-colour debug output',
};

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** The packages whose files are in the bundle: { name, version, license, dir }, sorted by name. */
export function bundledPackages(metafile, root) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) dirs.add(match[1]);
  }
  return [...dirs]
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      return { name: pkg.name, version: pkg.version, license: pkg.license, dir: join(root, dir) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Imports the bundle leaves to run time that are neither builtins nor OPTIONAL_AT_RUN_TIME. */
export function undeclaredImports(metafile) {
  const found = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (external && path !== '<runtime>' && !builtins.has(path) && !(path in OPTIONAL_AT_RUN_TIME)) {
        found.add(path);
      }
    }
  }
  return [...found].sort();
}

/** One text with every bundled package's licence, as its own files state it. */
export function licensesText(packages) {
  const sections = packages.map(({ name, version, license, dir }) => {
    const files = readdirSync(dir)
      .filter((file) => /^(licen[cs]e|copying|notice)/i.test(file))
      .sort();
    const texts = files.map((file) => readFileSync(join(dir, file), 'utf8').trimEnd());
    const body = texts.length > 0 ? texts.join('\n\n') : `${license} (the package has no licence file)`;
    return `${name} ${version} (${license})\n\n${body}\n`;
  });
  return `cilium-view bundles the following packages; their licences follow.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}

/** Checks a metafile and returns the licence text of what it bundled; throws on an undeclared import. */
export function thirdParty(metafile, root) {
  const undeclared = undeclaredImports(metafile);
  if (undeclared.length > 0) {
    throw new Error(
      `the bundle loads ${undeclared.join(', ')} at run time; bundle it, or add it to OPTIONAL_AT_RUN_TIME in pkg/third-party.mjs if it is optional`,
    );
  }
  return licensesText(bundledPackages(metafile, root));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [meta, out] = process.argv.slice(2);
  if (!meta || !out) {
    process.stderr.write('usage: node pkg/third-party.mjs METAFILE OUT\n');
    process.exit(2);
  }
  try {
    writeFileSync(out, thirdParty(JSON.parse(readFileSync(meta, 'utf8')), process.cwd()));
  } catch (error) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  }
}
