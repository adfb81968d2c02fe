/**
 * The floor: the least any client must do to list every CiliumEndpoint, a bare loop that GETs the pages
 * (limit=500 + continue) over one keep-alive connection and JSON.parses each body, nothing else.
 *
 *   node bench/floor.mjs URL tables|objects [--no-parse] [--token T --ca FILE]
 *
 * `tables` asks as kubectl does (server-side Table, includeObject=Metadata by default), `objects` as
 * `kubectl -o json` does (application/json). `--no-parse` only reads the bodies: what the server alone
 * takes, parsing only what continue token the next page needs. An https URL is read with the bearer token
 * and CA file given (`--token`, `--ca`), over one TLS connection. Prints pages, bytes and milliseconds.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { parseArgs } from 'node:util';

const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'no-parse': { type: 'boolean', default: false }, token: { type: 'string' }, ca: { type: 'string' } },
});
const [server, mode] = positionals;
const parse = !values['no-parse'];
if (server === undefined || (mode !== 'tables' && mode !== 'objects')) {
  console.error('usage: node bench/floor.mjs URL tables|objects [--no-parse] [--token T --ca FILE]');
  process.exit(2);
}
const secure = server.startsWith('https:');
const client = secure ? https : http;
const agent = secure
  ? new https.Agent({ keepAlive: true, ca: values.ca === undefined ? undefined : readFileSync(values.ca) })
  : new http.Agent({ keepAlive: true });
const accept = mode === 'tables' ? TABLE_ACCEPT : 'application/json';
const headers = { Accept: accept, ...(values.token === undefined ? {} : { Authorization: `Bearer ${values.token}` }) };

const get = (url) =>
  new Promise((resolve, reject) => {
    client
      .get(url, { agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          if (res.statusCode === 200) resolve(body);
          else reject(new Error(`GET ${url}: HTTP ${res.statusCode}: ${body.toString().slice(0, 200)}`));
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });

const started = performance.now();
let pages = 0;
let bytes = 0;
let token = '';
do {
  const url = new URL('/apis/cilium.io/v2/ciliumendpoints', server);
  url.searchParams.set('limit', '500');
  if (token !== '') url.searchParams.set('continue', token);
  const body = await get(url);
  pages++;
  bytes += body.length;
  token = parse ? (JSON.parse(body.toString()).metadata.continue ?? '') : continueOf(body);
} while (token !== '');
const ms = performance.now() - started;
console.log(`${pages} pages, ${bytes} bytes in ${ms.toFixed(0)} ms (${(ms / pages).toFixed(1)} ms a page)`);
agent.destroy();

/** The continue token, found without parsing the body: the list's metadata is before a Table's rows, after a list's items. */
function continueOf(body) {
  const ends = `${body.subarray(0, 4096)}${body.subarray(-4096)}`;
  return /"continue":"([^"]*)"/.exec(ends)?.[1] ?? '';
}
