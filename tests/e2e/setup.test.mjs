// The set-up assistant, its own page at setup/?domain=<domain>: pre-filled from fixture DNS for
// several MX layouts, the three generated texts asserted exactly (the id by its shape and time),
// updated by every choice, and each passed through the real `mta-sts lint` binary. And the two
// pages: the links between them, the old `?setup=` address, and that each page loads only its
// own bundle.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isolatedContext, watchErrors, accessibilityViolations, ARTIFACTS, DIST, BASE_PATH, useSite, server, browser } from './support.mjs';
import { routeDns, routePolicy, policyReply, healthyZone, ENFORCE_POLICY } from './dns.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.MTA_STS_BIN
  ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'debug', 'mta-sts');

useSite();
before(async () => {
  if (!process.env.MTA_STS_BIN) {
    const env = { ...process.env, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}` };
    execFileSync('cargo', ['build', '-q', '-p', 'mta-sts-cli', '--bin', 'mta-sts'], { cwd: ROOT, env, stdio: 'inherit' });
  }
  await fs.mkdir(ARTIFACTS, { recursive: true });
});

const D = 'example.com';
const TESTING_WEEK = (mx) =>
  `version: STSv1\nmode: testing\n${mx.map((m) => `mx: ${m}\n`).join('')}max_age: 604800\n`;
const DEFAULT_RUA = `v=TLSRPTv1; rua=mailto:tlsrpt@${D}`;

const layouts = [
  {
    name: 'a single host',
    mx: [[10, `mail.${D}`]],
    patterns: [`mail.${D}`],
  },
  {
    name: 'Google Workspace',
    mx: [[1, 'aspmx.l.google.com'], [5, 'alt1.aspmx.l.google.com'], [5, 'alt2.aspmx.l.google.com'],
      [10, 'alt3.aspmx.l.google.com'], [10, 'alt4.aspmx.l.google.com']],
    patterns: ['aspmx.l.google.com', '*.aspmx.l.google.com'],
    why: /`?\*\.google\.com`? would cover none of them/,
  },
  {
    name: 'Microsoft 365',
    mx: [[0, 'example-com.mail.protection.outlook.com'], [10, 'example-com.p-v1.mx.microsoft']],
    patterns: ['example-com.mail.protection.outlook.com', 'example-com.p-v1.mx.microsoft'],
    why: /\*\.mx\.microsoft does not cover it/,
  },
  {
    name: 'mixed: own host and Google',
    mx: [[30, 'alt1.aspmx.l.google.com'], [10, `mail.${D}`], [20, 'aspmx.l.google.com'],
      [30, 'alt2.aspmx.l.google.com']],
    patterns: [`mail.${D}`, 'aspmx.l.google.com', '*.aspmx.l.google.com'],
  },
];

/** A domain that publishes only the given MX records (no MTA-STS, no TLS-RPT yet). */
function bareZone(mx, extra = {}) {
  const zone = { [D]: { TXT: ['v=spf1 mx -all'], ...extra } };
  if (mx) zone[D].MX = mx;
  return zone;
}

/** Opens `page` (relative to the site's base URL; the assistant's page by default). */
async function open(zone, { policy = 'abort', dns = {}, contextOptions = {}, page: where = `setup/?domain=${D}` } = {}) {
  const { context, outside } = await isolatedContext(browser, server, {
    bypassCSP: true, // lets axe-core be injected; the CSP itself is tested in checker.test.mjs
    ...contextOptions,
  });
  await routeDns(context, zone, dns);
  await routePolicy(context, D, policy);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}${where}`);
  return { context, page, errors, outside };
}

async function ready(page) {
  await page.locator('[data-setup][data-state=done]').waitFor({ timeout: 20000 });
  await page.locator('[data-generated=policy]').waitFor();
}

const generated = (page, kind) => page.locator(`[data-generated="${kind}"]`).textContent();

/** Waits until the generated text of `kind` satisfies `pred` (a string to equal, or a RegExp). */
async function waitForText(page, kind, want) {
  const source = want instanceof RegExp ? { re: want.source, flags: want.flags } : { eq: want };
  await page.waitForFunction(
    ([k, w]) => {
      const t = document.querySelector(`[data-generated="${k}"]`)?.textContent;
      if (t == null) return false;
      return w.eq !== undefined ? t === w.eq : new RegExp(w.re, w.flags).test(t);
    },
    [kind, source],
    { timeout: 5000 },
  ).catch(async () => {
    assert.fail(`${kind}: expected ${want}, got ${JSON.stringify(await generated(page, kind))}`);
  });
}

/** `v=STSv1; id=YYYYMMDDTHHMMSSZ` within a minute of now. */
function assertFreshRecord(text) {
  const m = /^v=STSv1; id=(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  assert.ok(m, `record shape: ${text}`);
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const at = Date.UTC(y, mo - 1, d, h, mi, s);
  assert.ok(Math.abs(Date.now() - at) < 60_000, `id is the current UTC time: ${text}`);
}

/** Runs `mta-sts lint ...` and returns its JSON verdict; exit status 0 means no fail. */
function lint(args, input) {
  const r = spawnSync(BIN, ['lint', ...args, '--json'], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, `mta-sts lint ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Every generated text through the real linter: no fail, no warn but testing mode's. */
async function assertLintClean(page, mxHosts) {
  const record = await generated(page, 'sts-record');
  const policy = await generated(page, 'policy');
  const tlsrpt = await generated(page, 'tlsrpt-record');
  const warnings = (out) => out.findings
    .filter((f) => f.severity === 'warn' || f.severity === 'fail')
    .filter((f) => !(f.check === 'policy-mode' && /testing mode/.test(f.title)))
    .map((f) => `${f.check}: ${f.title}`);
  for (const [what, out] of [
    ['record', lint(['record', '--domain', D, record])],
    ['tlsrpt', lint(['tlsrpt', '--domain', D, tlsrpt])],
    ['policy', lint(['policy', '-'], policy)],
    ['mx', lint(['mx', '--policy', '-', '--domain', D, ...mxHosts.map(([p, h]) => `${p}:${h}`)], policy)],
  ]) {
    assert.deepEqual(warnings(out), [], `${what} lint`);
  }
}

for (const layout of layouts) {
  test(`layout: ${layout.name}`, async () => {
    const { context, page, errors, outside } = await open(bareZone(layout.mx));
    await ready(page);
    assert.equal(await generated(page, 'policy'), TESTING_WEEK(layout.patterns));
    assert.equal(await generated(page, 'tlsrpt-record'), DEFAULT_RUA);
    assertFreshRecord(await generated(page, 'sts-record'));
    assert.equal(await page.locator('input[name=mode][value=testing]').isChecked(), true, 'testing first');
    assert.equal(await page.locator('select[name=max_age]').inputValue(), '604800');
    // The MX hosts found are shown, and pre-fill the hosts to cover.
    const found = await page.locator('[data-setup] .found').textContent();
    for (const [, host] of layout.mx) assert.ok(found.includes(`${host}.`), `${host} shown`);
    const typed = await page.locator('textarea[name=mx]').inputValue();
    assert.equal(typed.split('\n').length, layout.mx.length);
    if (layout.why) {
      assert.match((await page.locator('[data-setup] .mx-why').textContent()).replace(/`/g, ''), layout.why);
    }
    await assertLintClean(page, layout.mx);
    assert.deepEqual(outside, [], 'requests outside the fixtures');
    assert.deepEqual(errors, [], 'page errors');
    await context.close();
  });
}

test('every choice updates the texts, and they stay valid', async () => {
  const mx = [[10, `mail.${D}`]];
  const { context, page, errors } = await open(bareZone(mx));
  await ready(page);
  const firstId = await generated(page, 'sts-record');

  await page.locator('input[name=mode][value=enforce]').check();
  // Enforce without a chosen max_age suggests two weeks (the UK NCSC's Mail Check warns below).
  await waitForText(page, 'policy', `version: STSv1\nmode: enforce\nmx: mail.${D}\nmax_age: 1209600\n`);
  assert.equal(await page.locator('select[name=max_age]').inputValue(), '1209600');
  await assertLintClean(page, mx);

  await page.locator('select[name=max_age]').selectOption('31557600');
  await waitForText(page, 'policy', `version: STSv1\nmode: enforce\nmx: mail.${D}\nmax_age: 31557600\n`);
  assert.match(await page.locator('#setup-max-age-meaning').textContent(), /a year/);

  await page.locator('input[name=rua]').fill(`tls@${D}, https://tlsrpt.example.net/v1`);
  await waitForText(page, 'tlsrpt-record', `v=TLSRPTv1; rua=mailto:tls@${D},https://tlsrpt.example.net/v1`);
  assert.match(await page.locator('[data-setup] .notes').textContent(), /mailto:tls@example\.com/);
  await assertLintClean(page, mx);

  // An address reporters cannot use is left out, with the reason.
  await page.locator('input[name=rua]').fill('http://reports.example.net/');
  await waitForText(page, 'tlsrpt-record', DEFAULT_RUA);
  assert.match(await page.locator('[data-setup] .notes').textContent(), /http:\/\/reports\.example\.net\/.*left out/);

  // Planning a move: a host typed in is covered before it is in DNS.
  await page.locator('textarea[name=mx]').fill(`mail.${D}\nexample-com.p-v1.mx.microsoft`);
  await waitForText(page, 'policy',
    `version: STSv1\nmode: enforce\nmx: mail.${D}\nmx: example-com.p-v1.mx.microsoft\nmax_age: 31557600\n`);
  await page.getByRole('button', { name: 'Use the MX hosts from DNS again' }).click();
  await waitForText(page, 'policy', `version: STSv1\nmode: enforce\nmx: mail.${D}\nmax_age: 31557600\n`);

  await page.locator('input[name=mode][value=none]').check();
  await page.locator('select[name=max_age]').selectOption('86400');
  await waitForText(page, 'policy', `version: STSv1\nmode: none\nmx: mail.${D}\nmax_age: 86400\n`);
  assert.match(await page.locator('[data-setup] .notes').textContent(), /RFC 8461 §8\.3/);

  assertFreshRecord(await generated(page, 'sts-record'));
  assert.match(firstId, /^v=STSv1; id=\d{8}T\d{6}Z$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('existing records and policy pre-fill the choices', async () => {
  const mx = [[10, `mx1.${D}`], [20, `mx2.${D}`]];
  const policy = `version: STSv1\nmode: enforce\nmx: mx1.${D}\nmx: mx2.${D}\nmax_age: 2419200\n`;
  const zone = {
    ...bareZone(mx),
    [`_mta-sts.${D}`]: { TXT: ['v=STSv1; id=20240101T000000Z'] },
    [`_smtp._tls.${D}`]: { TXT: ['v=TLSRPTv1; rua=mailto:reports@example.net'] },
    [`mta-sts.${D}`]: { A: ['192.0.2.10'] },
  };
  const { context, page, errors, outside } = await open(zone, { policy: policyReply(policy) });
  await ready(page);
  await waitForText(page, 'policy', policy);
  assert.equal(await page.locator('input[name=mode][value=enforce]').isChecked(), true);
  assert.equal(await page.locator('select[name=max_age]').inputValue(), '2419200');
  assert.equal(await page.locator('input[name=rua]').inputValue(), 'mailto:reports@example.net');
  assert.equal(await generated(page, 'tlsrpt-record'), 'v=TLSRPTv1; rua=mailto:reports@example.net');
  const found = await page.locator('[data-setup] .found').textContent();
  assert.ok(found.includes('v=STSv1; id=20240101T000000Z'), 'the current record is shown');
  assert.ok(found.includes('mailto:reports@example.net'));
  assert.notEqual(await generated(page, 'sts-record'), 'v=STSv1; id=20240101T000000Z', 'a new id');
  await assertLintClean(page, mx);
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('no MX, a null MX, and an MX lookup that fails', async () => {
  // No MX: the domain itself is the MX (RFC 5321 §5.1).
  let s = await open(bareZone(null));
  await ready(s.page);
  assert.equal(await generated(s.page, 'policy'), TESTING_WEEK([D]));
  await assertLintClean(s.page, []);
  await s.context.close();

  // A null MX: no mail, so only a policy in none mode can be written.
  s = await open(bareZone([[0, '.']]));
  await ready(s.page);
  assert.equal(await generated(s.page, 'policy'), 'version: STSv1\nmode: none\nmax_age: 604800\n');
  assert.match(await s.page.locator('[data-setup] .notes').textContent(), /null MX/);
  await s.context.close();

  // Both resolvers fail: no texts until the hosts are typed in.
  s = await open(bareZone([[10, `mail.${D}`]]), { dns: { down: { google: 503, cloudflare: 503 } } });
  await s.page.locator('[data-setup][data-state=done]').waitFor({ timeout: 20000 });
  assert.equal(await s.page.locator('[data-generated]').count(), 0);
  assert.match(await s.page.locator('[data-setup] .found').textContent(), /lookup failed/);
  await s.page.locator('textarea[name=mx]').fill(`mail.${D}`);
  await waitForText(s.page, 'policy', TESTING_WEEK([`mail.${D}`]));
  assert.deepEqual(s.errors, []);
  await s.context.close();
});

test('DNS answers are shown as text, never as markup', async () => {
  const evil = '<img/src=x/onerror=alert(1)>.example.net';
  const { context, page, errors } = await open(bareZone([[10, `mail.${D}`], [20, evil]]));
  await ready(page);
  assert.equal(await page.locator('[data-setup] img').count(), 0);
  const text = await page.locator('[data-setup]').textContent();
  assert.ok(text.includes('<img/src=x/onerror=alert(1)>'), 'shown verbatim');
  assert.equal(await generated(page, 'policy'), TESTING_WEEK([`mail.${D}`]), 'an invalid name is left out');
  assert.match(await page.locator('[data-setup] .notes').textContent(), /cannot be named in a policy/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hosting guidance is filled in for the domain, with the policy', async () => {
  const { context, page } = await open(bareZone([[10, `mail.${D}`]]));
  await ready(page);
  const policy = await generated(page, 'policy');
  const snippets = await page.locator('[data-setup] .hosting pre').allTextContents();
  assert.ok(snippets.length >= 8, `${snippets.length} snippets`);
  for (const s of snippets) assert.ok(s.includes(D), `filled with the domain: ${s}`);
  const all = snippets.join('\n');
  assert.ok(all.includes(`echo 'mta-sts.${D}' > CNAME`) && all.includes('touch .nojekyll'));
  assert.ok(all.includes(`<<'EOF'\n${policy}EOF`), 'the policy in the heredocs');
  assert.ok(all.includes('location = /.well-known/mta-sts.txt {') && all.includes('default_type text/plain;'));
  assert.ok(all.includes('ForceType text/plain'));
  assert.ok(all.includes('"content-type": "text/plain; charset=utf-8"'));
  assert.ok(all.includes(`curl -si https://mta-sts.${D}/.well-known/mta-sts.txt`));
  const runbook = await page.locator('[data-setup] .runbook').textContent();
  assert.match(runbook, /mode: none.*short max_age.*change the id.*longest max_age/s);
  assert.equal(await page.locator(`[data-setup] a[href="../?domain=${D}"]`).count() >= 1, true, 'link to the report');
  await context.close();
});

test('an unusable or missing domain parameter starts nothing, and the page asks for a domain', async () => {
  for (const [where, reason, typed] of [
    ['setup/?domain=javascript:alert(1)', /Only a domain/, 'javascript:alert(1)'],
    ['setup/', null, ''],
  ]) {
    const { context, page, outside } = await open(bareZone([[10, `mail.${D}`]]), { page: where });
    const field = page.getByLabel('Domain to set up');
    await field.waitFor();
    assert.equal(await field.inputValue(), typed, `${where}: the field holds what was given`);
    const error = page.locator('[data-input-error]');
    if (reason) {
      assert.match(await error.textContent(), reason, where);
    } else {
      assert.equal(await error.count(), 0, `${where}: no domain is not an error`);
    }
    assert.equal(await page.locator('[data-setup]').count(), 0, `${where}: no assistant`);
    assert.deepEqual(outside, [], `${where}: no lookup started`);
    // The way back: the checker's page, with its form.
    await page.getByRole('link', { name: 'Back to the checker' }).click();
    await page.locator('form input[name=domain]').waitFor();
    assert.equal(new URL(page.url()).pathname, BASE_PATH);
    await context.close();
  }
});

test('the domain form opens the assistant; what it rejects is explained beside the form', async () => {
  const { context, page, errors } = await open(bareZone([[10, `mail.${D}`]]), {
    page: 'setup/', contextOptions: { viewport: { width: 360, height: 780 } },
  });
  const field = page.getByLabel('Domain to set up');
  await field.fill('postmaster@192.0.2.1');
  await page.getByRole('button', { name: 'Set up' }).click();
  await page.locator('[data-input-error]').waitFor();
  assert.match(await page.locator('[data-input-error]').textContent(), /IP address/);
  assert.deepEqual(await accessibilityViolations(page), [], 'accessibility');
  await page.screenshot({ path: path.join(ARTIFACTS, 'setup-ask-domain-phone.png'), fullPage: true });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), false,
    'no horizontal scrolling at 360 px');
  assert.equal(await page.getByLabel('Domain to set up').inputValue(), 'postmaster@192.0.2.1');
  // An e-mail address names its domain, as on the checker.
  await page.getByLabel('Domain to set up').fill(`  Postmaster@${D.toUpperCase()} `);
  await page.getByRole('button', { name: 'Set up' }).click();
  await page.locator('[data-setup][data-state=done]').waitFor();
  const url = new URL(page.url());
  assert.equal(url.pathname, `${BASE_PATH}setup/`);
  assert.equal(await page.locator('[data-setup] h2 .domain').textContent(), D);
  // Back returns to the form as it was left.
  await page.goBack();
  await page.getByLabel('Domain to set up').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// The two pages.

test('a report links to the assistant, and the assistant back to the report', async () => {
  const zone = healthyZone(D);
  const { context, page, errors, outside } = await open(zone, {
    policy: policyReply(ENFORCE_POLICY(D)),
    page: `?domain=${D}`,
  });
  await page.locator('[data-report][data-state=done]').waitFor({ timeout: 20000 });
  await page.getByRole('link', { name: 'Set up or change MTA-STS for this domain' }).click();
  await ready(page);
  let url = new URL(page.url());
  assert.equal(url.pathname, `${BASE_PATH}setup/`);
  assert.equal(url.searchParams.get('domain'), D);
  assert.equal(await page.locator('[data-setup]').getAttribute('data-domain'), D);

  await page.getByRole('link', { name: `Back to the report for ${D}` }).click();
  await page.locator('[data-report][data-state=done]').waitFor({ timeout: 20000 });
  url = new URL(page.url());
  assert.equal(url.pathname, BASE_PATH);
  assert.equal(url.searchParams.get('domain'), D);
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an old ?setup= link forwards to the assistant page', async () => {
  const { context, page, errors, outside } = await open(bareZone([[10, `mail.${D}`]]), {
    page: `?setup=${D}`,
  });
  await ready(page);
  const url = new URL(page.url());
  assert.equal(url.pathname, `${BASE_PATH}setup/`);
  assert.equal(url.searchParams.get('domain'), D);
  assert.equal(await generated(page, 'policy'), TESTING_WEEK([`mail.${D}`]));
  // No history entry for the old address (as many as when the page is opened directly), so
  // back does not land on the forwarding address again.
  const direct = await context.newPage();
  await direct.goto(page.url());
  assert.equal(await page.evaluate(() => history.length), await direct.evaluate(() => history.length),
    'no history entry for the old address');
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The files of the site that loading `where` and waiting for `done` requests, relative to the base URL. */
async function filesLoaded(where, done) {
  const { context } = await isolatedContext(browser, server);
  await routeDns(context, healthyZone(D));
  await routePolicy(context, D, policyReply(ENFORCE_POLICY(D)));
  const page = await context.newPage();
  const files = new Set();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === server.origin) files.add(decodeURIComponent(url.pathname.slice(BASE_PATH.length)));
  });
  await page.goto(`${server.url}${where}`);
  await page.locator(done).waitFor({ timeout: 20000 });
  await page.waitForLoadState('networkidle');
  await context.close();
  return [...files].sort();
}

test('each page loads only its own files: the checker does not ship the assistant', async () => {
  const checker = await filesLoaded(`?domain=${D}`, '[data-report][data-state=done]');
  const rootFiles = (await fs.readdir(DIST, { withFileTypes: true }))
    .filter((e) => e.isFile()).map((e) => e.name);
  for (const file of checker) {
    assert.ok(file === '' || rootFiles.includes(file), `the checker page loaded ${file}`);
  }
  const assistant = await filesLoaded(`setup/?domain=${D}`, '[data-setup][data-state=done]');
  for (const file of assistant) {
    assert.ok(file.startsWith('setup/'), `the assistant page loaded ${file}`);
  }
  // Each loaded its own WebAssembly bundle; the assistant's words are in its bundle only.
  const wasm = (files) => files.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm(checker).length, 1, `checker: ${checker}`);
  assert.equal(wasm(assistant).length, 1, `assistant: ${assistant}`);
  const words = 'One wildcard, one label';
  const has = async (file) => (await fs.readFile(path.join(DIST, file))).includes(words);
  assert.equal(await has(wasm(assistant)[0]), true, 'the assistant bundle has its text');
  assert.equal(await has(wasm(checker)[0]), false, 'the checker bundle has none of the assistant');
  // The assistant's style sheet is the assistant's alone.
  assert.ok(assistant.some((f) => /^setup\/setup-[0-9a-f]+\.css$/.test(f)), `assistant: ${assistant}`);
  assert.ok(!checker.some((f) => f.includes('setup')), `checker: ${checker}`);
});

for (const colorScheme of ['light', 'dark']) {
  test(`accessible, and fits 360 px (${colorScheme})`, async () => {
    const { context, page, errors } = await open(bareZone(layouts[1].mx), {
      contextOptions: { colorScheme, viewport: { width: 1280, height: 900 } },
    });
    await ready(page);
    for (const d of await page.locator('[data-setup] details').all()) await d.evaluate((e) => { e.open = true; });
    const violations = await accessibilityViolations(page);
    assert.deepEqual(violations, [], 'accessibility');
    await page.screenshot({ path: path.join(ARTIFACTS, `setup-google-${colorScheme}-desktop.png`), fullPage: true });
    await page.setViewportSize({ width: 360, height: 780 });
    await page.screenshot({ path: path.join(ARTIFACTS, `setup-google-${colorScheme}-phone.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no horizontal scrolling at 360 px');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
