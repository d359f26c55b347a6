// The TLS-RPT reports page, reports/: files given through the file input and by a synthetic
// drop (JSON, gzip, zip, e-mail, a bad file among good ones, a gzip bomb, too many entries),
// the summary's hooks, the cause pointed out, the exports, hostile text, accessibility, and
// that the page makes no connection at all.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedContext, watchErrors, accessibilityViolations, ARTIFACTS, DIST, BASE_PATH, useSite, server, browser } from './support.mjs';
import { routeDns, routePolicy, healthyZone, policyReply, ENFORCE_POLICY } from './dns.mjs';
import { RFC_JSON, RFC_EML, report, gzip, zip, eml, gzipBomb, realisticWeek } from './tlsrpt.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

useSite();
before(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true });
});

async function open({ contextOptions = {} } = {}) {
  const { context, outside } = await isolatedContext(browser, server, {
    bypassCSP: true, // lets axe-core be injected; the CSP itself is tested below
    acceptDownloads: true,
    ...contextOptions,
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}reports/`);
  await page.locator('input[type=file][name=reports]').waitFor();
  return { context, page, errors, outside };
}

/** Gives files as the file picker does. */
async function choose(page, files) {
  await page.locator('input[type=file][name=reports]').setInputFiles(
    files.map((f) => ({ mimeType: 'application/octet-stream', ...f })));
}

/** Drops files on the page as a drag from the desktop does: a `drop` event with them. */
async function drop(page, files) {
  const payload = files.map((f) => ({ name: f.name, b64: Buffer.from(f.buffer).toString('base64') }));
  await page.evaluate((items) => {
    const transfer = new DataTransfer();
    for (const { name, b64 } of items) {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], name));
    }
    const target = document.querySelector('main');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, payload);
}

/** Waits until `files` files were read (or refused) in all. */
async function settled(page, files) {
  await page.waitForFunction((n) => {
    const status = document.querySelector('[data-reading]');
    return status?.dataset.reading === '0' && Number(status.dataset.done) >= n;
  }, files);
}

async function policies(page) {
  return page.locator('[data-tlsrpt-summary]').evaluateAll((els) => els.map((e) => ({
    domain: e.dataset.policyDomain, type: e.dataset.policyType,
    successful: Number(e.dataset.successful), failed: Number(e.dataset.failed),
  })));
}

async function failures(page) {
  return page.locator('[data-failure]').evaluateAll((els) => els.map((e) => ({
    type: e.dataset.resultType, mx: e.dataset.mx, count: Number(e.dataset.count),
    uncovered: !!e.querySelector('[data-uncovered]'),
  })));
}

test('json, gz, zip and eml through the file input; a bad file among them is named', async () => {
  const { context, page, errors, outside } = await open();
  try {
    const other = report({ org: 'Example Sender', id: 'other-1', domain: 'company-y.example', ok: 100,
      mx: ['*.mail.company-y.example'],
      failures: [['starttls-not-supported', 'mx2.mail.company-y.example', 7]] });
    const tlsa = report({ id: 'tlsa-1', domain: 'company-y.example', type: 'tlsa', ok: 50, day: 1 });
    await choose(page, [
      { name: 'rfc.json', buffer: RFC_JSON },
      { name: 'other.json.gz', buffer: gzip(other) },
      { name: 'reports.zip', buffer: zip([['tlsa.json', tlsa, true], ['README.txt', 'not a report', false]]) },
      // The same report as rfc.json, as mailed: counted once.
      { name: 'rfc.eml', buffer: RFC_EML },
      { name: 'notes.txt', buffer: Buffer.from('Dear postmaster, nothing to see here.') },
    ]);
    await settled(page, 5);
    await page.locator('[data-results]').waitFor();
    assert.deepEqual(await policies(page), [
      { domain: 'company-y.example', type: 'sts', successful: 5426, failed: 310 },
      { domain: 'company-y.example', type: 'tlsa', successful: 50, failed: 0 },
    ]);
    const f = await failures(page);
    assert.deepEqual(f.map((x) => [x.type, x.mx, x.count]), [
      ['starttls-not-supported', 'mx2.mail.company-y.example', 207],
      ['certificate-expired', 'mx1.mail.company-y.example', 100],
      ['validation-failure', 'mx-backup.mail.company-y.example', 3],
    ]);
    // The one bad file is named with its reason; the README inside the zip is no error.
    const bad = page.locator('[data-file-error]');
    assert.equal(await bad.count(), 1);
    assert.equal(await bad.getAttribute('data-source'), 'notes.txt');
    assert.match(await bad.textContent(), /notes\.txt: not a report/);
    // The duplicate is said.
    assert.match(await page.locator('[data-duplicates]').textContent(),
      /5065427c-23d3-47ca-b6e0-946ea0e8c4be was given 2 times: counted once/);
    // Each result type explained, with the values as given.
    const expired = page.locator('[data-failure][data-result-type=certificate-expired]');
    assert.match(await expired.textContent(), /has expired.*renew/is);
    const validation = page.locator('[data-failure][data-result-type=validation-failure]');
    assert.match(await validation.textContent(), /X509_V_ERR_PROOF_OF_POSSESSION/);
    assert.match(await validation.textContent(), /198\.51\.100\.62/);
    assert.match(await page.locator('[data-failure][data-result-type=starttls-not-supported]').textContent(),
      /report_info\?id=5065427c-23d3#StarttlsNotSupported/);
    // The policy the reporter saw, shown and linted (testing mode is a warning).
    assert.match(await page.locator('[data-reported-policy]').first().textContent(), /mode: testing/);
    assert.ok(await page.locator('[data-policy-lint=findings] [data-code="policy-mode.testing"]').count() > 0);
    // "Check this domain now" opens the checker's report.
    assert.equal(await page.locator('[data-check-now]').first().getAttribute('href'), '../?domain=company-y.example');
    // The chart has a bar pair per day: the RFC's 2016-04-01, then 2026-11-23 and 24.
    assert.equal(await page.locator('[data-chart] rect.failed').count(), 3);
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, [], 'the page made no outside request');
  } finally {
    await context.close();
  }
});

test('a synthetic drop: gz and eml load, a gzip bomb and too many entries are refused with a message', async () => {
  const { context, page, errors } = await open();
  try {
    const many = zip(Array.from({ length: 1001 }, (_, i) => [`r${i}.txt`, 'x', false]));
    const started = Date.now();
    await drop(page, [
      { name: 'bomb.json.gz', buffer: gzipBomb() },
      { name: 'week.json.gz', buffer: gzip(report({ id: 'a', failures: [['certificate-expired', 'mx1.example.com', 5]] })) },
      { name: 'many.zip', buffer: many },
      { name: 'mail.eml', buffer: eml(report({ id: 'b', day: 1 })) },
    ]);
    await settled(page, 4);
    assert.ok(Date.now() - started < 20000, 'refused promptly, not a hang');
    const errorsShown = await page.locator('[data-file-error]').evaluateAll((els) =>
      els.map((e) => [e.dataset.source, e.textContent]));
    assert.equal(errorsShown.length, 2, JSON.stringify(errorsShown));
    assert.match(errorsShown[0][0], /^bomb\.json/);
    assert.match(errorsShown[0][1], /more than the limit/);
    assert.equal(errorsShown[1][0], 'many.zip');
    assert.match(errorsShown[1][1], /too many entries/);
    assert.deepEqual(await policies(page), [
      { domain: 'example.com', type: 'sts', successful: 2000, failed: 5 },
    ]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a file over 20 MB is refused unread', async () => {
  const { context, page, errors } = await open();
  try {
    await choose(page, [{ name: 'huge.json', buffer: Buffer.alloc(21_000_000, 0x20) },
      { name: 'ok.json', buffer: Buffer.from(report({ id: 'c' })) }]);
    await settled(page, 2);
    const bad = page.locator('[data-file-error]');
    assert.equal(await bad.count(), 1);
    assert.match(await bad.textContent(), /huge\.json: the file is larger than the limit/);
    assert.equal(await page.locator('[data-tlsrpt-summary]').count(), 1);
    // "Start again" empties the page.
    await page.locator('[data-clear]').click();
    await page.locator('[data-results]').waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-file-error]').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a week of report mails: the uncovered MX host is named as the cause; exports; axe; screenshots', async () => {
  for (const scheme of ['light', 'dark']) {
    for (const [width, height, label] of [[1200, 900, 'desktop'], [360, 780, 'phone']]) {
      const { context, page, errors, outside } = await open({
        contextOptions: { viewport: { width, height }, colorScheme: scheme },
      });
      try {
        await choose(page, realisticWeek());
        await settled(page, 14);
        await page.locator('[data-results]').waitFor();
        assert.equal(await page.locator('[data-file-error]').count(), 0);
        const [p] = await policies(page);
        assert.equal(p.domain, 'example.com');
        assert.equal(p.failed, [2, 3, 4, 5, 6].reduce((n, d) => n + 40 + d * 7 + 11 + d, 0) + 112);
        const f = await failures(page);
        const mx3 = f.find((x) => x.type === 'validation-failure');
        assert.equal(mx3.mx, 'mx3.example.com');
        assert.equal(mx3.uncovered, true, 'the host no mx line covers is pointed out');
        assert.equal(f.find((x) => x.type === 'certificate-expired').uncovered, false);
        assert.match(await page.locator('[data-uncovered]').textContent(), /mx3\.example\.com matches no mx line/);
        assert.equal(await page.locator('[data-chart] rect.ok').count(), 7);
        // Nothing overflows the phone's width.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `page wider than the viewport by ${overflow}px`);
        if (scheme === 'light' && label === 'desktop') {
          const csv = await download(page, 'csv');
          const rows = csv.trim().split('\r\n');
          assert.equal(rows[0].split(',')[0], 'report-id');
          assert.equal(rows.length, 1 + 5 + 1 + 5, 'one row per failure detail');
          const json = JSON.parse(await download(page, 'json'));
          assert.equal(json.reports, 14);
          assert.equal(json.failures[0]['receiving-mx-hostname'], 'mx3.example.com');
        }
        assert.deepEqual(await accessibilityViolations(page), []);
        await page.screenshot({ path: path.join(ARTIFACTS, `reports-week-${scheme}-${label}.png`), fullPage: true });
        // The README's screenshot: `UPDATE_SCREENSHOT=1` rewrites docs/reports.png.
        if (scheme === 'light' && label === 'desktop' && process.env.UPDATE_SCREENSHOT) {
          await page.locator('main').screenshot({ path: path.join(ROOT, 'docs', 'reports.png') });
        }
        assert.deepEqual(errors, []);
        assert.deepEqual(outside, []);
      } finally {
        await context.close();
      }
    }
  }
});

async function download(page, which) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`[data-export=${which}]`).click(),
  ]);
  return fs.readFile(await file.path(), 'utf8');
}

test('report text is shown as text, never as markup', async () => {
  const { context, page, errors } = await open();
  try {
    const evil = '<img src=x onerror="window.pwned=1">';
    await choose(page, [{ name: `${evil}.json`, buffer: Buffer.from(report({ org: evil, id: evil,
      failures: [['validation-failure', `${evil}.example.com`, 1, { info: evil, code: evil }]] })) },
    { name: `${evil}.txt`, buffer: Buffer.from('nope') }]);
    await settled(page, 2);
    await page.locator('[data-results]').waitFor();
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.match(await page.locator('[data-failure]').textContent(), /<img src=x/);
    assert.match(await page.locator('[data-file-error]').textContent(), /<img src=x/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('pasted JSON is read; the CSP allows only this site and the two DoH resolvers', async () => {
  const { context, outside } = await isolatedContext(browser, server);
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}reports/`);
    await page.locator('input[name=reports]').waitFor();
    const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
    assert.match(csp, /connect-src 'self' https:\/\/dns\.google https:\/\/cloudflare-dns\.com;/);
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, RFC_JSON.toString());
    await settled(page, 1);
    assert.deepEqual((await policies(page)).map((p) => p.failed), [303]);
    // Any other host is refused by the CSP itself, before the network.
    const violated = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective));
      fetch('https://elsewhere.example/upload', { method: 'POST', body: 'x' }).catch(() => {});
    }));
    assert.equal(violated, 'connect-src');
    assert.deepEqual(outside, [], 'nothing was sent anywhere');
    assert.deepEqual(errors.filter((e) => !/Content Security Policy|Failed to fetch/.test(e)), []);
  } finally {
    await context.close();
  }
});

test('today\'s MX hosts are looked up only when asked, and compared with the failing hosts', async () => {
  const { context, outside } = await isolatedContext(browser, server);
  try {
    const D = 'example.com';
    const log = await routeDns(context, healthyZone(D, { [D]: { MX: [[10, `mx1.${D}`], [20, `mx3.${D}.`]] } }));
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}reports/`);
    await choose(page, realisticWeek());
    await settled(page, 14);
    assert.deepEqual(log, [], 'no lookup before the person asks');
    await page.locator('[data-live-mx] button').click();
    await page.locator('[data-live-mx=found]').waitFor();
    const hosts = await page.locator('[data-live-host]').evaluateAll((els) =>
      Object.fromEntries(els.map((e) => [e.dataset.liveHost, e.dataset.state])));
    assert.deepEqual(hosts, { 'mx3.example.com': 'listed', 'mx2.example.com': 'not-listed' });
    assert.deepEqual(log.map((q) => [q.name, q.type]), [[D, 'MX']]);
    assert.deepEqual(outside, []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the checker links to the reports page: from the header and from the TLS-RPT card', async () => {
  const { context } = await isolatedContext(browser, server);
  try {
    const D = 'example.com';
    await routeDns(context, healthyZone(D));
    await routePolicy(context, D, policyReply(ENFORCE_POLICY(D)));
    const page = await context.newPage();
    await page.goto(`${server.url}?domain=${D}`);
    await page.locator('[data-report][data-state=done]').waitFor();
    const card = page.locator('.card-link a');
    assert.equal(await card.getAttribute('href'), 'reports/');
    await page.locator('header nav a', { hasText: 'TLS-RPT reports' }).click();
    await page.locator('input[name=reports]').waitFor();
    assert.equal(new URL(page.url()).pathname, '/mta-sts-checker/reports/');
    // And the set-up assistant's header.
    await page.goto(`${server.url}setup/`);
    assert.equal(await page.locator('header nav a').getAttribute('href'), '../reports/');
  } finally {
    await context.close();
  }
});

test('the reports page loads only its own files; the checker bundle does not carry it', async () => {
  const { context } = await isolatedContext(browser, server);
  try {
    const page = await context.newPage();
    const files = new Set();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === server.origin) files.add(decodeURIComponent(url.pathname.slice(BASE_PATH.length)));
    });
    await page.goto(`${server.url}reports/`);
    await page.locator('input[name=reports]').waitFor();
    await page.waitForLoadState('networkidle');
    for (const file of files) assert.ok(file.startsWith('reports/'), `the reports page loaded ${file}`);
    const wasm = [...files].filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 1);
    const words = 'Likely cause and fix';
    assert.ok((await fs.readFile(path.join(DIST, wasm[0]))).includes(words));
    const rootWasm = (await fs.readdir(DIST)).filter((f) => f.endsWith('.wasm'));
    assert.equal(rootWasm.length, 1);
    assert.equal((await fs.readFile(path.join(DIST, rootWasm[0]))).includes(words), false);
  } finally {
    await context.close();
  }
});
