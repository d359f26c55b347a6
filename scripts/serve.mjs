// `make serve`: serves the built site at http://127.0.0.1:PORT/. A path ending in / gets its
// index.html and a directory without the / is redirected to it, as on GitHub Pages, so both
// pages (the checker and setup/) work as they will there.
//
//   node scripts/serve.mjs DIST PORT [SETUP_DIST]
//
// SETUP_DIST, when given, is served at /setup/ (scripts/serve.sh builds each page into a
// directory of its own); otherwise setup/ is DIST's sub-directory, as scripts/build.sh lays
// the site out.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const [dist = 'dist', port = '8080', setupDist] = process.argv.slice(2);
const root = path.resolve(dist);
const setupRoot = setupDist && path.resolve(setupDist);
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  let rel;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400).end('bad path');
    return;
  }
  if (setupRoot && rel === '/setup') {
    res.writeHead(301, { location: `/setup/${url.search}` }).end();
    return;
  }
  if (rel.endsWith('/')) rel += 'index.html';
  let base = root;
  if (setupRoot && rel.startsWith('/setup/')) {
    base = setupRoot;
    rel = rel.slice('/setup'.length);
  }
  const file = path.join(base, rel);
  if (!file.startsWith(base + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await fs.readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(body);
  } catch (err) {
    if (err.code === 'EISDIR') {
      res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
    } else {
      res.writeHead(404).end('not found');
    }
  }
});
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`Serving ${dist} at http://127.0.0.1:${port}/ (Ctrl-C stops it)`);
});
