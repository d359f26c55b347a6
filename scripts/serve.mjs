// `make serve`: serves the built site (scripts/build.sh) at http://127.0.0.1:PORT/. A path
// ending in / gets its index.html and a directory without the / is redirected to it, as on
// GitHub Pages, so both pages (the checker and setup/) work as they will there.
//
//   node scripts/serve.mjs DIST PORT
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const [dist = 'dist', port = '8080'] = process.argv.slice(2);
const root = path.resolve(dist);
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
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.join(root, rel);
  if (!file.startsWith(root + path.sep)) {
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
