// Trunk post-build hook, run on the staging directory before Trunk copies it to dist/, for each
// page's build (index.html, setup.html and reports.html, see scripts/build.sh; Trunk writes each as
// index.html of its dist):
// - moves Trunk's inline start-up script into a file of its own, so the Content-Security-Policy
//   can forbid inline scripts (script-src 'self'), with src/early.js (minified) at its head:
//   what runs before the WebAssembly has arrived, at no request of its own;
// - drops the glue of wasm-streams' three classes, which nothing uses (see dropUnusedClasses);
// - minifies the JavaScript glue and the CSS with esbuild (Trunk's own minifier breaks
//   wasm-bindgen's glue), and updates their integrity hashes: every visitor downloads them.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { transformSync } from 'esbuild';

const stage = process.env.TRUNK_STAGING_DIR;
if (!stage) {
  console.error('csp-boot: TRUNK_STAGING_DIR is not set; run me as a Trunk hook');
  process.exit(1);
}
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
const htmlPath = path.join(stage, 'index.html');
let html = fs.readFileSync(htmlPath, 'utf8');

// Only pages with a domain form (class "check") get it: the reports page has none, and every
// byte of its start-up is paid by each visitor.
const early = html.includes('class="check"')
  ? transformSync(
      fs.readFileSync(new URL('../src/early.js', import.meta.url), 'utf8'),
      { loader: 'js', minify: true },
    ).code
  : '';
const inline = /<script type="module">([\s\S]*?)<\/script>/g;
let count = 0;
html = html.replace(inline, (_, trunkCode) => {
  // Import declarations are hoisted: the early code runs once the glue module has loaded,
  // which Trunk preloads beside this script, long before the WebAssembly.
  const code = early + trunkCode;
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

let minified = 0;
for (const name of fs.readdirSync(stage)) {
  const loader = { '.js': 'js', '.css': 'css' }[path.extname(name)];
  if (!loader || name.startsWith('boot-')) continue;
  const file = path.join(stage, name);
  const before = fs.readFileSync(file, 'utf8');
  const source = loader === 'js' ? dropUnusedClasses(before, name) : before;
  const { code } = transformSync(source, { loader, minify: true, format: loader === 'js' ? 'esm' : undefined });
  fs.writeFileSync(file, code);
  // Trunk's Subresource Integrity hash covers the file as it wrote it: renew it, or the
  // browser refuses the file.
  const old = `integrity="${sri(before)}"`;
  if (html.includes(old)) html = html.replaceAll(old, `integrity="${sri(code)}"`);
  else if (html.includes(name)) {
    console.error(`csp-boot: no integrity hash for ${name} found to renew`);
    process.exit(1);
  }
  minified += 1;
}

fs.writeFileSync(htmlPath, html);
console.log(`csp-boot: moved ${count} inline script(s) to files, minified ${minified} file(s)`);

/**
 * wasm-streams, which Leptos pulls in through server_fn's `browser` feature (Leptos turns it on
 * unconditionally), exports three classes that nothing on these pages creates: the wasm
 * bindings never hand one to JavaScript. Their 13 wasm exports kept their code alive; the
 * pages' wasm-opt parameters remove them (`--remove-exports=...` and
 * `--remove-unused-module-elements`, index.html); their glue goes here. Two checks fail the
 * build rather than ship a broken page: no trace of the classes may remain (a new
 * wasm-bindgen writing its glue otherwise), and every export the glue calls must be in the
 * page's WebAssembly.
 */
function dropUnusedClasses(js, name) {
  for (const cls of ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource']) {
    js = js
      .replace(
        new RegExp(
          `^export class ${cls} \\{\\n[\\s\\S]*?^\\}\\n` +
            `(?:if \\(Symbol\\.dispose\\) ${cls}\\.prototype\\[Symbol\\.dispose\\] = ${cls}\\.prototype\\.free;\\n)?`,
          'm',
        ),
        '',
      )
      .replace(new RegExp(`^const ${cls}Finalization = [\\s\\S]*?\\);\\n`, 'm'), '');
    if (new RegExp(`\\b${cls}\\b`).test(js)) {
      console.error(`csp-boot: ${name}: the glue of ${cls} was not recognised; see dropUnusedClasses`);
      process.exit(1);
    }
  }
  const wasmFile = path.join(stage, name.replace(/\.js$/, '_bg.wasm'));
  if (fs.existsSync(wasmFile)) {
    const module = new WebAssembly.Module(fs.readFileSync(wasmFile));
    const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
    const missing = [...new Set(js.match(/\bwasm\.[\w$]+/g) ?? [])]
      .map((m) => m.slice('wasm.'.length))
      .filter((e) => !exported.has(e));
    if (missing.length) {
      console.error(`csp-boot: ${name} calls what its WebAssembly does not export: ${missing.join(', ')}`);
      process.exit(1);
    }
  }
  return js;
}

function sri(text) {
  return `sha384-${crypto.createHash('sha384').update(text).digest('base64')}`;
}
