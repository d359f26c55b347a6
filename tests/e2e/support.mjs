// Shared set-up for the browser tests: serve the release build from dist/ under a sub-path (as
// GitHub Pages does), start Debian's Chromium through playwright-core, and answer every
// outside request from fixtures or abort it, so nothing leaves the machine.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { decodedPath, sendFile } from '../../scripts/static-files.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.DIST_DIR ?? path.join(root, 'dist');
export const BASE_PATH = '/mta-sts-checker/';
export const ARTIFACTS = path.join(root, 'tests', 'artifacts');

/**
 * Serves `DIST` at `http://127.0.0.1:<port>${BASE_PATH}`; anything outside the sub-path is 404.
 * Paths map to files as on GitHub Pages (scripts/static-files.mjs): the checker is
 * `${BASE_PATH}`, the set-up assistant `${BASE_PATH}setup/`, the TLS-RPT reports page
 * `${BASE_PATH}reports/`. `options.gzip`: every file gzipped, as GitHub Pages serves them;
 * `options.dist`: another build than `DIST`.
 */
export async function startServer(options = {}) {
  const dist = options.dist ?? DIST;
  for (const page of ['index.html', 'setup/index.html', 'reports/index.html']) {
    await fs.access(path.join(dist, page)).catch(() => {
      throw new Error(`${dist}/${page} is missing: build the site first (make test does)`);
    });
  }
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const rel = decodedPath(url);
    if (rel === null || !rel.startsWith(BASE_PATH)) {
      res.writeHead(404).end('outside the sub-path');
      return;
    }
    await sendFile(res, dist, rel.slice(BASE_PATH.length), url, options);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Debian's Chromium, headless, with nothing of its own reaching the network. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // No host name resolves outside the machine: the pages' preconnects to the DoH
      // resolvers and policy hosts must not reach the network (requests are routed anyway).
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

/**
 * A browser context whose requests never leave the machine: the local site is served, every
 * other request is aborted unless a later route (registered by the test) answers it.
 * Returns the context and the list of outside URLs that were requested.
 */
export async function isolatedContext(browser, server, options = {}) {
  const context = await browser.newContext(options);
  const outside = [];
  await context.route('**', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.origin + '/')) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, outside };
}

// The browser's own log lines for failed requests: expected whenever a scenario makes a
// host fail, and not errors of the page.
const NETWORK_NOISE = [/^Failed to load resource:/, /has been blocked by CORS policy/];

/** Collects page errors and console errors, so a test can assert there were none. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (NETWORK_NOISE.some((re) => re.test(msg.text()))) return;
    errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/** The site and the browser of one test file (each file runs in its own process). */
export let server;
export let browser;

/** Starts the site and the browser before the file's tests and stops them after. */
export function useSite() {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function accessibilityViolations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}
