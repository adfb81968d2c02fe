/** The demo cluster's objects (fixtures/demo/), for serving over the local API server. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const items = (file: string): unknown[] =>
  (parse(readFileSync(new URL(`../fixtures/demo/${file}`, import.meta.url), 'utf8')) as { items: unknown[] }).items;

export const demoEndpoints = (): unknown[] => items('ciliumendpoints.yaml');
export const demoIdentities = (): unknown[] => items('ciliumidentities.yaml');
