// The README's generated tables: the URL settings (from the settings table, js/state/settings.js)
// and the kernels (from the built API's nw.kernelInfo, whose one table is core/kernels.cpp).
// Usage: node web/settings-doc.mjs            prints both tables (Markdown)
//        node web/settings-doc.mjs --check    fails unless README.md holds exactly these tables
// The kernels come from the built API: build first (bash scripts/build.sh).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTINGS } from './js/state/settings.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const api = join(root, 'dist', 'nadaraya-watson.js');
if (!existsSync(api)) {
  console.error(
    `${api} is missing: build first (bash scripts/build.sh); the kernel names are the API's nw.kernels`,
  );
  process.exit(1);
}
const { kernels, kernelInfo } = await createRequire(import.meta.url)(api).load();

function defaultText(s) {
  if (s.docDefault) return s.docDefault;
  return s.type === 'enum' || s.type === 'bool' ? `\`${s.default}\`` : String(s.default);
}

/** The value column: the range (integer or not, with a note) or the schema's own text. */
function valueText(s) {
  if (s.doc) return s.doc;
  if (s.key === 'kernel') return kernels.map((k) => `\`${k}\``).join(', ');
  const range = `${s.type.endsWith('int') ? 'integer ' : ''}${s.min} .. ${s.docMax ?? s.max}`;
  return s.note ? `${range} (${s.note})` : range;
}

export function settingsTable() {
  const rows = SETTINGS.filter((s) => s.url).map(
    (s) => `| \`${s.key}\` | ${valueText(s)} | ${defaultText(s)} |`,
  );
  return ['| key | value | default |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The kernels: name, K(u), where it applies, whether trainParametric can learn its w. */
export function kernelTable() {
  const cell = (text) => text.replaceAll('|', '\\|'); // a bar inside a cell, escaped for Markdown
  const rows = kernelInfo.map(
    (k) =>
      `| \`${k.name}\` | ${cell(k.formula)} | ${cell(k.compact ? '|u| ≤ 1' : 'every u')} | ${k.trainable ? 'yes' : 'no'} |`,
  );
  return ['| kernel | K(u) | non-zero on | trainable |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

const TABLES = [
  ['the URL settings table', 'web/js/state/settings.js', settingsTable],
  ['the kernel table', "core/kernels.cpp (the API's nw.kernelInfo)", kernelTable],
];
if (process.argv.includes('--check')) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  let ok = true;
  for (const [what, source, table] of TABLES) {
    if (readme.includes(table())) {
      console.log(`README.md: ${what} matches ${source}`);
    } else {
      console.error(
        `README.md: ${what} differs from ${source}; run node web/settings-doc.mjs and paste it`,
      );
      ok = false;
    }
  }
  if (!ok) process.exit(1);
} else {
  for (const [what, , table] of TABLES) console.log(`<!-- ${what} -->\n${table()}\n`);
}
