// `make serve`: serves the built site at http://127.0.0.1:PORT/ (see scripts/static-files.mjs
// for how paths map to files).
//
//   node scripts/serve.mjs DIST PORT [SETUP_DIST]
//
// SETUP_DIST, when given, is served at /setup/ (scripts/serve.sh builds each page into a
// directory of its own); otherwise setup/ is DIST's sub-directory, as scripts/build.sh lays
// the site out.
import http from 'node:http';
import { decodedPath, sendFile } from './static-files.mjs';

const [dist = 'dist', port = '8080', setupDist] = process.argv.slice(2);

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const rel = decodedPath(url);
  if (rel === null) {
    res.writeHead(400).end('bad path');
  } else if (setupDist && rel === '/setup') {
    res.writeHead(301, { location: `/setup/${url.search}` }).end();
  } else if (setupDist && rel.startsWith('/setup/')) {
    await sendFile(res, setupDist, rel.slice('/setup/'.length), url);
  } else {
    await sendFile(res, dist, rel, url);
  }
});
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`Serving ${dist} at http://127.0.0.1:${port}/ (Ctrl-C stops it)`);
});
