// Serving the built site's files, shared by `make serve` (scripts/serve.mjs) and the browser
// tests (tests/e2e/support.mjs): a path ending in / gets its index.html and a directory
// without the / is redirected to it, as on GitHub Pages, so both pages (the checker and
// setup/) work as they will there. Nothing is cached: a rebuild shows on the next load.
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** The request's path, percent-decoded; `null` when its encoding is broken. */
export function decodedPath(url) {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}

/**
 * Answers with the file at `rel` (decoded, relative to the directory `base`); `url` is the
 * request's, for the redirect of a directory. Nothing outside `base` is served. With
 * `options.gzip` every file goes out gzipped, as GitHub Pages serves the site (the benchmark's
 * slow-phone profile pays the bytes a visitor pays).
 */
export async function sendFile(res, base, rel, url, options = {}) {
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const root = path.resolve(base);
  const file = path.resolve(root, rel.replace(/^\/+/, ''));
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await fs.readFile(file);
    const headers = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    };
    if (options.gzip) headers['content-encoding'] = 'gzip';
    res.writeHead(200, headers);
    res.end(options.gzip ? zlib.gzipSync(body, { level: 9 }) : body);
  } catch (err) {
    if (err.code === 'EISDIR') {
      res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
    } else {
      res.writeHead(404).end('not found');
    }
  }
}
