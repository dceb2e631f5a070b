// scripts/static-server.cjs, the server of scripts/serve.sh, the browser tests and the page
// benchmark: what it serves under its sub-path, and the Cache-Control of every response (no-store
// unless asked: the benchmark's returning learner asks for a cacheable one).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStaticServer } = require('../../scripts/static-server.cjs');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nw-static-'));
fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
fs.writeFileSync(path.join(root, 'a.wasm'), Buffer.from([0, 97, 115, 109]));
test.after(() => fs.rmSync(root, { recursive: true, force: true }));

async function get(server, pathname) {
  const res = await fetch(`${server.origin}${pathname}`, { redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

test('serves the root under its prefix, no-store by default, and nothing outside it', async () => {
  const server = await startStaticServer({ root, prefix: '/course/attention/' });
  try {
    const page = await get(server, '/course/attention/index.html');
    assert.equal(page.status, 200);
    assert.equal(page.body, '<!doctype html><title>t</title>');
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const wasm = await get(server, '/course/attention/a.wasm');
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal((await get(server, '/course/attention/')).status, 200, 'a folder: its index.html');
    assert.equal((await get(server, '/course/attention')).status, 301);
    for (const outside of ['/index.html', '/course/index.html', '/course/attention/../x', '/x'])
      assert.equal((await get(server, outside)).status, 404, outside);
    assert.equal((await get(server, '/course/attention/missing.js')).status, 404);
    assert.equal((await get(server, '/course/attention/%E0%A4%A')).status, 400, 'a bad escape');
    assert.equal((await get(server, '/x')).headers.get('cache-control'), 'no-store', 'errors too');
  } finally {
    await server.close();
  }
});

test('cacheControl sets every response Cache-Control header', async () => {
  const server = await startStaticServer({ root, cacheControl: 'max-age=3600' });
  try {
    assert.equal((await get(server, '/index.html')).headers.get('cache-control'), 'max-age=3600');
    assert.equal((await get(server, '/missing')).headers.get('cache-control'), 'max-age=3600');
  } finally {
    await server.close();
  }
});
