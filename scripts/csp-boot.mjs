// Trunk post-build hook: moves Trunk's inline start-up script into a file of its own, so the
// Content-Security-Policy can forbid inline scripts (script-src 'self'). Runs on the staging
// directory, before Trunk copies it to dist/. Runs for each page's build (index.html and
// setup.html, see scripts/build.sh); Trunk writes either page as index.html of its dist.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const stage = process.env.TRUNK_STAGING_DIR;
if (!stage) {
  console.error('csp-boot: TRUNK_STAGING_DIR is not set; run me as a Trunk hook');
  process.exit(1);
}
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
const htmlPath = path.join(stage, 'index.html');
let html = fs.readFileSync(htmlPath, 'utf8');

const inline = /<script type="module">([\s\S]*?)<\/script>/g;
let count = 0;
html = html.replace(inline, (_, code) => {
  const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 16);
  const name = `boot-${hash}.js`;
  fs.writeFileSync(path.join(stage, name), code.trim() + '\n');
  count += 1;
  return `<script type="module" src="${publicUrl}${name}"></script>`;
});
// Any other inline script would be blocked by the CSP: fail the build rather than ship it.
const leftover = html.match(/<script(?![^>]*\bsrc=)[^>]*>/g);
if (leftover) {
  console.error(`csp-boot: inline scripts remain: ${leftover.join(' ')}`);
  process.exit(1);
}
fs.writeFileSync(htmlPath, html);
console.log(`csp-boot: moved ${count} inline script(s) to files`);
