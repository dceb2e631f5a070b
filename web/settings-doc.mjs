// The README's table of URL settings, generated from the settings table (js/state/settings.js).
// Usage: node web/settings-doc.mjs            prints the table (Markdown)
//        node web/settings-doc.mjs --check    fails unless README.md holds exactly this table
// The kernel names come from the built API (nw.kernels, whose one table is core/kernels.cpp): build
// first (bash scripts/build.sh).
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
const { kernels } = await createRequire(import.meta.url)(api).load();

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

if (process.argv.includes('--check')) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  if (!readme.includes(settingsTable())) {
    console.error(
      'README.md: the URL settings table differs from web/js/state/settings.js; run node web/settings-doc.mjs and paste it',
    );
    process.exit(1);
  }
  console.log('README.md: the URL settings table matches web/js/state/settings.js');
} else {
  console.log(settingsTable());
}
