/**
 * The report page's one stylesheet and one script, and the Content-Security-Policy that allows exactly
 * these two (by their SHA-256) and nothing else: no request can leave the page (no image, font, frame,
 * fetch, form or base URL), and markup that escaped into the page could not run a script or an event
 * handler attribute even if the escaping failed.
 */
import { createHash } from 'node:crypto';

/** Light and dark schemes (the reader's preference), printable; colours are never the only carrier. */
export const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;
--neutral:#0969da;--ok:#1a7f37;--warning:#9a6700;--problem:#d1242f;--muted-bar:#818b98}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;
--panel:#151b23;--neutral:#4493f8;--ok:#3fb950;--warning:#d29922;--problem:#f85149;--muted-bar:#656c76}}
@media print{:root{color-scheme:light;--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--panel:#fff}
body{max-width:none;padding:0;font-size:11px}h2{break-after:avoid}tr,figure,.figures li{break-inside:avoid}
th[aria-sort]::after{content:none}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:24px;background:var(--bg);color:var(--fg);
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:24px;margin:0 0 8px}
h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:20px 0 4px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px;margin:0;padding:0;
list-style:none}
.figures li{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.figures .n{display:block;font-size:26px;font-weight:600}
.figures .what{display:block}.figures .detail{display:block;color:var(--muted);font-size:12px}
.ok{color:var(--ok)}.warning{color:var(--warning)}.problem{color:var(--problem)}
figure{margin:16px 0 24px}figcaption{font-weight:600;margin-bottom:4px}
svg.chart{display:block;max-width:100%;height:auto}
svg text{fill:var(--fg);font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
svg .tick-label,svg .axis-label,svg .empty{fill:var(--muted)}
svg .tick{stroke:var(--line)}svg .axis{stroke:var(--muted)}
svg .marker{stroke:var(--problem);stroke-dasharray:4 3}svg .marker-label{fill:var(--problem)}
svg .bar.neutral{fill:var(--neutral)}svg .bar.ok{fill:var(--ok)}svg .bar.warning{fill:var(--warning)}
svg .bar.problem{fill:var(--problem)}svg .bar.muted{fill:var(--muted-bar)}
svg .row:hover .bar{opacity:.8}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;
overflow-wrap:anywhere;unicode-bidi:isolate}
th{background:var(--panel);font-weight:600;white-space:nowrap}
th[tabindex]{cursor:pointer}th[aria-sort=ascending]::after{content:" \\25B2"}
th[aria-sort=descending]::after{content:" \\25BC"}
.num{text-align:right;font-variant-numeric:tabular-nums}
tfoot td,.note,.empty{color:var(--muted)}tfoot td{font-style:italic}
code{font:12px ui-monospace,"SFMono-Regular",Menlo,monospace;overflow-wrap:anywhere}
`;

/**
 * Sorting by column: a click (or Enter) on a header sorts the body's rows by that column, numbers as
 * numbers, a cell's data-sort where it has one; again reverses. The footer (rows left out) stays put.
 */
export const SCRIPT = `
for (const table of document.querySelectorAll('table[data-sortable]')) {
  const body = table.tBodies[0];
  table.tHead.querySelectorAll('th').forEach((th, column) => {
    th.tabIndex = 0;
    th.title = 'sort by this column';
    const key = (row) => row.cells[column].dataset.sort ?? row.cells[column].textContent;
    const sort = () => {
      const up = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of th.parentElement.children) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      const rows = [...body.rows].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const numbers = x !== '' && y !== '' && !Number.isNaN(Number(x)) && !Number.isNaN(Number(y));
        const order = numbers ? Number(x) - Number(y) : x.localeCompare(y);
        return up ? order : -order;
      });
      body.append(...rows);
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        sort();
      }
    });
  });
}
`;

const sha256 = (content: string): string => `'sha256-${createHash('sha256').update(content).digest('base64')}'`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
