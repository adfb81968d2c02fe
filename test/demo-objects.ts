/** The demo cluster's objects (fixtures/demo/), for serving over the local API server. */
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';

/** The demo dump as kubectl -o json printed it. */
export const demoJson = (kind: 'ciliumendpoints' | 'ciliumidentities'): string =>
  readFileSync(new URL(`../fixtures/demo/${kind}.json`, import.meta.url), 'utf8');

/** The same list as kubectl -o yaml would print it (a sysdump's format). */
export const demoYaml = (kind: 'ciliumendpoints' | 'ciliumidentities'): string => stringify(JSON.parse(demoJson(kind)));

const items = (kind: 'ciliumendpoints' | 'ciliumidentities'): unknown[] =>
  (JSON.parse(demoJson(kind)) as { items: unknown[] }).items;

export const demoEndpoints = (): unknown[] => items('ciliumendpoints');
export const demoIdentities = (): unknown[] => items('ciliumidentities');
