'use strict';
// A small static file server (Node's http module only) for dist/.
// Used by scripts/serve.sh and by the browser tests, which mount the site under a sub-path to
// prove that the page uses relative URLs only.
//
//   node scripts/static-server.cjs [root=dist] [--port 8000] [--host 127.0.0.1] [--prefix /]
//
// Anything outside `prefix` is a 404. Every request is recorded in `server.requests`.

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Normalises a URL prefix to the form '/a/b/' ('/' for the root). */
function normalisePrefix(prefix) {
  const trimmed = String(prefix || '/').replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/**
 * Starts serving `root` under `prefix`.
 * @param {{root: string, prefix?: string, host?: string, port?: number, cacheControl?: string}}
 *   options  port 0 (the default) picks a free port; `cacheControl` is every response's
 *   Cache-Control header ('no-store' by default: each load is a first visit).
 * @returns {Promise<{url, origin, port, requests, close}>} `url` is the site's base URL (ends
 *   with the prefix), `requests` lists {method, url, status}, `close()` resolves once stopped.
 */
function startStaticServer({
  root,
  prefix = '/',
  host = '127.0.0.1',
  port = 0,
  cacheControl = 'no-store',
}) {
  const base = normalisePrefix(prefix);
  const rootDir = path.resolve(root);
  const requests = [];

  const server = http.createServer((req, res) => {
    const record = { method: req.method, url: req.url, status: 0 };
    requests.push(record);
    const send = (status, body, headers = {}) => {
      record.status = status;
      res.writeHead(status, { 'Cache-Control': cacheControl, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    if (`${pathname}/` === base) return send(301, '', { Location: base });
    if (!pathname.startsWith(base) || pathname.includes('\0')) return send(404, 'not found\n');

    let file = path.join(rootDir, pathname.slice(base.length));
    if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return send(404, 'not found\n');
    fs.stat(file, (err, stat) => {
      if (!err && stat.isDirectory()) {
        if (!pathname.endsWith('/')) return send(301, '', { Location: `${pathname}/` });
        file = path.join(file, 'index.html');
      }
      fs.readFile(file, (readErr, data) => {
        if (readErr) return send(404, 'not found\n');
        const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
        send(200, data, { 'Content-Type': type, 'Content-Length': data.length });
      });
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actualPort = server.address().port;
      const origin = `http://${host}:${actualPort}`;
      resolve({
        url: origin + base,
        origin,
        port: actualPort,
        requests,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

module.exports = { startStaticServer, normalisePrefix };

if (require.main === module) {
  const args = process.argv.slice(2);
  const port = Number(process.env.PORT || 8000);
  const opts = { root: 'dist', port, host: '127.0.0.1', prefix: '/' };
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i];
    if (flag === '--port') opts.port = Number(args[++i]);
    else if (flag === '--host') opts.host = args[++i];
    else if (flag === '--prefix') opts.prefix = args[++i];
    else opts.root = flag;
  }
  if (!fs.existsSync(path.join(opts.root, 'index.html'))) {
    const index = path.resolve(opts.root, 'index.html');
    console.error(`static-server: ${index} does not exist (build first: bash scripts/build.sh)`);
    process.exit(1);
  }
  startStaticServer(opts).then(
    (s) => {
      console.log(`Serving ${path.resolve(opts.root)} at ${s.url}  (Ctrl+C to stop)`);
      const stop = () => s.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err) => {
      console.error(`static-server: cannot listen on ${opts.host}:${opts.port}: ${err.message}`);
      process.exit(1);
    },
  );
}
