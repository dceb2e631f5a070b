'use strict';
// The formulas of the page's text: every inline formula of the strings modules is written \( ... \)
// (web/build.mjs typesets those into MathML at build time) and the built page carries them as
// MathML. A formatter once rewrote the strings' templates and dropped the backslashes (legal in a
// JS template: "\(" is "("), and the page showed "(sigma)" and "(0, 0.1, ldots, 4.9)" as text.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const LANGS = ['en', 'zh'];
// TeX command names that must never be read outside a formula.
const TEX_WORDS = /\b(sigma|ldots|mathcal|frac|operatorname|epsilon|infty|approx|mid)\b/;

for (const lang of LANGS) {
  test(`math (${lang}): inline formulas are delimited, balanced, and no TeX leaks into the text`, () => {
    const source = fs.readFileSync(path.join(ROOT, 'web', 'js', 'i18n', `${lang}.js`), 'utf8');
    const opens = source.split('\\(').length - 1;
    const closes = source.split('\\)').length - 1;
    assert.ok(
      opens >= 40,
      `${lang}.js: ${opens} inline formulas (the chapter's text has about 50)`,
    );
    assert.equal(opens, closes, `${lang}.js: every \\( has its \\)`);
    // The text between formulas, inside the html`` templates.
    const outside = source.replace(/\\\([\s\S]+?\\\)/g, ' ');
    for (const m of outside.matchAll(/html`([\s\S]*?)`/g)) {
      const leak = m[1].match(TEX_WORDS);
      assert.equal(
        leak,
        null,
        `${lang}.js: "${leak?.[0]}" outside a formula in: ${m[1].slice(0, 120)}`,
      );
    }
  });
}

test('math: the built page carries the formulas as MathML (index.html and app.js)', (t) => {
  const dist = path.join(ROOT, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) return t.skip('no dist/ (build first)');
  const count = (file) => fs.readFileSync(path.join(dist, file), 'utf8').split('<math').length - 1;
  // English is filled into index.html at build time; both languages are in app.js.
  assert.ok(count('index.html') >= 40, `index.html: ${count('index.html')} formulas`);
  assert.ok(count('app.js') >= 80, `app.js: ${count('app.js')} formulas`);
});
