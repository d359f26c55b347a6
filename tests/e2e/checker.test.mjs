// The checker end to end: one scenario per verdict and failure mode of checks.md, each with
// every outside request answered from fixtures, asserting the page's test hooks.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isolatedContext, watchErrors, accessibilityViolations, ARTIFACTS, useSite, server, browser } from './support.mjs';
import { routeDns, routePolicy, healthyZone, policyReply, ENFORCE_POLICY } from './dns.mjs';

useSite();
before(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true });
});

// The report's checks, as many as the engine lists (`CheckId::ALL`): each is on the page.
const FINDING_RS = new URL('../../crates/mta-sts/src/finding.rs', import.meta.url);
const CHECKS = Number(/pub const ALL: \[CheckId; (\d+)\]/.exec(await fs.readFile(FINDING_RS, 'utf8'))[1]);

const D = 'example.com';
const TESTING_POLICY = `version: STSv1\nmode: testing\nmx: mx1.${D}\nmx: mx2.${D}\nmax_age: 1209600\n`;
const NO_CORS = { 'access-control-allow-origin': 'https://elsewhere.invalid' };

const scenarios = [
  {
    name: 'healthy enforce',
    zone: healthyZone(D),
    policy: policyReply(ENFORCE_POLICY(D)),
    verdict: 'enforce',
    checks: {
      'sts-record': ['pass', 'info'], 'policy-host': 'pass', 'policy-fetch': 'pass',
      'policy-content-type': 'pass', 'policy-syntax': 'pass', 'policy-version': 'pass',
      'policy-mode': 'pass', 'policy-max-age': 'pass', 'policy-mx': 'pass',
      'mx-records': ['pass', 'info'], 'mx-coverage': 'pass', 'tlsrpt-record': 'pass',
      dnssec: ['pass', 'info'], 'policy-certificate': 'skip', 'mx-starttls': 'skip',
      'mx-certificate': 'skip', 'dns-consistency': 'pass',
    },
    codes: ['sts-record.valid', 'policy-fetch.ok', 'policy-mode.enforce', 'mx-coverage.covered',
      'tlsrpt-record.valid', 'policy-certificate.no-relay'],
    screenshots: true,
  },
  {
    name: 'testing mode',
    zone: healthyZone(D),
    policy: policyReply(TESTING_POLICY),
    verdict: 'testing',
    checks: { 'policy-mode': 'warn', 'mx-coverage': 'pass' },
    codes: ['policy-mode.testing'],
  },
  {
    name: 'no record',
    zone: healthyZone(D, { [`_mta-sts.${D}`]: undefined }),
    policy: 'abort',
    verdict: 'absent',
    checks: { 'sts-record': 'fail', 'policy-mx': ['skip', 'unknown'] },
    codes: ['sts-record.absent'],
  },
  {
    name: 'several records',
    zone: healthyZone(D, { [`_mta-sts.${D}`]: { TXT: ['v=STSv1; id=1', 'v=STSv1; id=2'] } }),
    policy: policyReply(ENFORCE_POLICY(D)),
    verdict: 'broken',
    checks: { 'sts-record': 'fail' },
    codes: ['sts-record.multiple'],
    text: { 'sts-record': /two|several|2/i },
  },
  {
    name: 'a bad id',
    zone: healthyZone(D, { [`_mta-sts.${D}`]: { TXT: ['v=STSv1; id=2024-01-01'] } }),
    policy: policyReply(ENFORCE_POLICY(D)),
    verdict: 'broken',
    checks: { 'sts-record': 'fail' },
    text: { 'sts-record': /2024-01-01/ },
  },
  {
    name: 'a record delegated by CNAME',
    zone: healthyZone(D, {
      [`_mta-sts.${D}`]: { CNAME: '_mta-sts.provider.example' },
      '_mta-sts.provider.example': { TXT: ['v=STSv1; id=20240101T000000Z'] },
    }),
    policy: policyReply(ENFORCE_POLICY(D)),
    verdict: 'enforce',
    checks: { 'sts-record': ['pass', 'info'] },
    text: { 'sts-record': /_mta-sts\.provider\.example/ },
  },
  {
    name: 'a TXT split into several strings (Cloudflare)',
    settings: 'cloudflare',
    zone: healthyZone(D, { [`_mta-sts.${D}`]: { TXT: [['v=STSv1; id=', '20240101T000000Z;']] } }),
    policy: policyReply(ENFORCE_POLICY(D)),
    verdict: 'enforce',
    checks: { 'sts-record': ['pass', 'info'] },
    text: { 'sts-record': /20240101T000000Z/ },
  },
  {
    name: 'a policy host without CORS',
    zone: healthyZone(D),
    policy: { status: 200, headers: { 'content-type': 'text/plain', ...NO_CORS }, body: ENFORCE_POLICY(D) },
    verdict: 'unverified',
    checks: {
      'policy-fetch': 'unknown', 'policy-content-type': 'unknown', 'policy-mode': 'unknown',
      'mx-coverage': 'unknown',
    },
    // The fetch's finding is the evidence; the ways to finish the check lead the report.
    text: { 'policy-fetch': /top of the report/ },
    finish: true,
  },
  {
    name: 'a redirect',
    zone: healthyZone(D),
    policy: { status: 301, headers: { location: 'https://www.example.com/', 'access-control-allow-origin': '*' }, body: '' },
    verdict: 'broken',
    checks: { 'policy-fetch': 'fail' },
    text: { 'policy-fetch': /redirect/i },
  },
  {
    name: 'a 404',
    zone: healthyZone(D),
    policy: { status: 404, headers: { 'content-type': 'text/html', 'access-control-allow-origin': '*' }, body: '<h1>Not found</h1>' },
    verdict: 'broken',
    checks: { 'policy-fetch': 'fail', 'policy-syntax': 'skip' },
    text: { 'policy-fetch': /404/ },
  },
  {
    name: 'an HTTPS failure',
    zone: healthyZone(D),
    policy: 'abort',
    verdict: 'broken',
    checks: { 'policy-fetch': 'fail', 'mx-coverage': ['skip', 'unknown'] },
  },
  {
    name: 'an uncovered MX in enforce',
    zone: healthyZone(D, { [D]: { MX: [[10, `mx1.${D}`], [20, 'alt1.aspmx.l.google.com']] } }),
    policy: policyReply(ENFORCE_POLICY(D)),
    verdict: 'broken',
    checks: { 'mx-coverage': 'fail' },
    text: { 'mx-coverage': /alt1\.aspmx\.l\.google\.com/ },
  },
  {
    name: 'an uncovered MX in testing',
    zone: healthyZone(D, { [D]: { MX: [[10, `mx1.${D}`], [20, 'backup.other.example']] } }),
    policy: policyReply(TESTING_POLICY),
    verdict: 'testing',
    checks: { 'mx-coverage': 'warn' },
    text: { 'mx-coverage': /backup\.other\.example/ },
  },
  {
    name: 'a wrong content type',
    zone: healthyZone(D),
    policy: policyReply(ENFORCE_POLICY(D), { 'content-type': 'text/html; charset=utf-8' }),
    verdict: 'enforce',
    checks: { 'policy-content-type': 'warn' },
    text: { 'policy-content-type': /text\/html/ },
  },
  {
    name: 'a null MX',
    zone: healthyZone(D, { [D]: { MX: [[0, '.']] }, [`_mta-sts.${D}`]: undefined, [`_smtp._tls.${D}`]: undefined }),
    policy: 'abort',
    verdict: 'absent',
    checks: { 'sts-record': 'info', 'mx-records': 'info' },
    text: { 'mx-records': /null MX|takes no mail|accepts no mail/i },
  },
  {
    name: 'no TLS-RPT',
    zone: healthyZone(D, { [`_smtp._tls.${D}`]: undefined }),
    policy: policyReply(ENFORCE_POLICY(D)),
    verdict: 'enforce',
    checks: { 'tlsrpt-record': 'warn' },
  },
  {
    name: 'one resolver down',
    zone: healthyZone(D),
    dns: { down: { google: 503 } },
    policy: policyReply(ENFORCE_POLICY(D)),
    verdict: 'enforce',
    // Cloudflare stood in for Google, so it answered both sides: nothing to compare.
    checks: { 'sts-record': ['pass', 'info'], 'dns-consistency': 'unknown' },
    resolverCheck: (log) => {
      assert.ok(log.some((q) => q.provider === 'google'), 'Google was asked first');
      assert.ok(log.some((q) => q.provider === 'cloudflare'), 'Cloudflare answered as fallback');
    },
  },
  {
    name: 'both resolvers down',
    zone: healthyZone(D),
    dns: { down: { google: 503, cloudflare: 'abort' } },
    policy: policyReply(ENFORCE_POLICY(D)),
    verdict: 'unverified',
    checks: { 'sts-record': 'unknown', 'mx-records': 'unknown', 'tlsrpt-record': 'unknown' },
    text: { 'sts-record': /503/ },
  },
  {
    name: 'IDN input',
    domain: 'xn--bcher-kva.example',
    type: 'Bücher.example',
    zone: healthyZone('xn--bcher-kva.example'),
    policy: policyReply(ENFORCE_POLICY('xn--bcher-kva.example')),
    verdict: 'enforce',
    checks: { 'mx-coverage': 'pass' },
  },
  {
    name: 'e-mail input',
    type: 'Postmaster@Example.com',
    zone: healthyZone(D),
    policy: policyReply(ENFORCE_POLICY(D)),
    verdict: 'enforce',
    checks: { 'mx-coverage': 'pass' },
  },
];

/** Removes `undefined` entries, so a scenario can delete a name from the healthy zone. */
function clean(zone) {
  return Object.fromEntries(Object.entries(zone).filter(([, v]) => v !== undefined));
}

async function runScenario(s) {
  const domain = s.domain ?? D;
  const { context, outside } = await isolatedContext(browser, server, {
    viewport: { width: 1280, height: 900 },
    bypassCSP: true, // lets axe-core be injected; the CSP itself is tested on its own
  });
  const log = await routeDns(context, clean(s.zone), s.dns);
  await routePolicy(context, domain, s.policy);
  const page = await context.newPage();
  const errors = watchErrors(page);
  if (s.settings) {
    await page.addInitScript((id) => localStorage.setItem('mta-sts-checker.resolver', id), s.settings);
  }
  if (s.type) {
    await page.goto(server.url);
    await page.locator('form input[name=domain]').fill(s.type);
    await page.locator('form input[name=domain]').press('Enter');
  } else {
    await page.goto(`${server.url}?domain=${domain}`);
  }
  const report = page.locator('[data-report][data-state=done]');
  await report.waitFor({ timeout: 20000 });
  assert.equal(await report.getAttribute('data-domain'), domain);
  assert.equal(new URL(page.url()).searchParams.get('domain'), domain);
  assert.equal(await report.getAttribute('data-verdict'), s.verdict, `${s.name}: verdict`);

  const severities = await page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('[data-check]')]
      .map((e) => [e.dataset.check, e.dataset.severity])));
  // The report's checks and `policy-change`, the changes since the last check in this browser.
  assert.equal(Object.keys(severities).length, CHECKS + 1, 'every check is on the page');
  assert.ok('policy-change' in severities, 'the changes card is on the page');
  for (const [id, severity] of Object.entries(severities)) {
    assert.ok(severity, `${s.name}: ${id} has a severity once done`);
  }
  for (const [id, want] of Object.entries(s.checks)) {
    const allowed = Array.isArray(want) ? want : [want];
    assert.ok(allowed.includes(severities[id]),
      `${s.name}: ${id} is ${severities[id]}, expected ${allowed.join(' or ')}`);
  }
  // Every finding carries its code (data-code), which begins with its check's id.
  const codes = await page.evaluate(() => [...document.querySelectorAll('[data-check]')]
    .flatMap((c) => [...c.querySelectorAll('[data-code]')].map((f) => [c.dataset.check, f.dataset.code])));
  assert.ok(codes.length >= CHECKS, `${s.name}: every check shows at least one finding with a code`);
  for (const [check, code] of codes) {
    assert.ok(code.startsWith(`${check}.`), `${s.name}: ${code} shown under ${check}`);
  }
  for (const want of s.codes ?? []) {
    assert.ok(codes.some(([, code]) => code === want), `${s.name}: no finding ${want}`);
  }
  for (const [id, pattern] of Object.entries(s.text ?? {})) {
    const text = await page.locator(`[data-check="${id}"]`).textContent();
    assert.match(text, pattern, `${s.name}: ${id} text`);
  }
  s.resolverCheck?.(log);
  // The ways to finish the check lead the report only when the policy could not be read.
  assert.equal(await page.locator('[data-finish-check]').count(), s.finish ? 1 : 0,
    `${s.name}: ways to finish the check`);

  // Only the DoH resolvers and the policy host may be contacted.
  assert.deepEqual(outside, [], `${s.name}: requests outside the fixtures`);
  assert.deepEqual(errors, [], `${s.name}: page errors`);

  // axe-core on the finished report: no serious or critical violations.
  const violations = await accessibilityViolations(page);
  assert.deepEqual(violations, [], `${s.name}: accessibility`);

  if (s.screenshots) {
    const slug = s.name.replace(/\W+/g, '-');
    await page.screenshot({ path: path.join(ARTIFACTS, `${slug}-desktop.png`), fullPage: true });
    await page.setViewportSize({ width: 360, height: 780 });
    await page.screenshot({ path: path.join(ARTIFACTS, `${slug}-phone.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no horizontal scrolling at 360 px');
  }
  await context.close();
}

for (const s of scenarios) {
  test(`scenario: ${s.name}`, () => runScenario(s));
}

// The checks that need the policy, and those a relay or `mta-sts check` completes.
const POINT_UP = ['policy-content-type', 'policy-syntax', 'policy-version', 'policy-mode',
  'policy-max-age', 'policy-mx', 'mx-coverage', 'policy-certificate', 'mx-starttls',
  'mx-certificate'];

test('an unreadable policy leads the report with three ways to finish the check', async () => {
  const { context, outside } = await isolatedContext(browser, server, {
    permissions: ['clipboard-read', 'clipboard-write'],
    bypassCSP: true, // lets axe-core be injected, as for the scenarios
  });
  await routeDns(context, healthyZone(D));
  await routePolicy(context, D,
    { status: 200, headers: { 'content-type': 'text/plain', ...NO_CORS }, body: ENFORCE_POLICY(D) });
  const page = await context.newPage();
  const errors = watchErrors(page);
  // Typed in upper case: the commands hold the domain as checked, never the raw input.
  await page.goto(server.url);
  await page.locator('form input[name=domain]').fill(' Example.COM. ');
  await page.locator('form input[name=domain]').press('Enter');
  await page.locator('[data-report][data-state=done]').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('[data-report]').getAttribute('data-domain'), D);

  const block = page.locator('[data-finish-check]');
  assert.equal(await block.count(), 1);
  // Under the verdict, before the list of what to fix and every check.
  const order = await page.evaluate(() => {
    const at = (sel) => document.querySelector(sel);
    const before = (a, b) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    const finish = at('[data-finish-check]');
    return {
      afterVerdict: before(at('.banner'), finish),
      beforeChecks: before(finish, at('[data-check]')),
      beforeToFix: !at('.to-fix') || before(finish, at('.to-fix')),
    };
  });
  assert.deepEqual(order, { afterVerdict: true, beforeChecks: true, beforeToFix: true });
  const ways = await block.locator('[data-way]').evaluateAll((els) => els.map((e) => e.dataset.way));
  assert.deepEqual(ways, ['cli', 'curl', 'relay'], 'easiest first');
  assert.equal(await block.locator('[data-way="cli"] pre').textContent(), `mta-sts check ${D}`);
  assert.equal(await block.locator('[data-way="curl"] pre').textContent(),
    `curl -si https://mta-sts.${D}/.well-known/mta-sts.txt`);

  // The copy button copies the command exactly.
  const copy = block.locator('[data-way="cli"] button.copy');
  await copy.click();
  await page.waitForFunction(() =>
    document.querySelector('[data-way="cli"] button.copy').textContent === 'Copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `mta-sts check ${D}`);

  // Each check that needs the policy says so in one line, with nothing to open.
  for (const id of POINT_UP) {
    const findings = page.locator(`[data-check="${id}"] [data-code]`);
    assert.equal(await findings.count(), 1, `${id}: one finding`);
    const shape = await findings.evaluate((li) => ({
      details: li.querySelectorAll('details').length,
      paragraphs: li.querySelectorAll('p').length,
      text: li.textContent,
    }));
    assert.equal(shape.details, 0, `${id}: nothing to open`);
    assert.equal(shape.paragraphs, 1, `${id}: one line`);
    assert.match(shape.text, /see above/, id);
  }
  // The fetch's own finding stays, as the evidence.
  assert.match(await page.locator('[data-check="policy-fetch"]').textContent(),
    /mta-sts\.example\.com/);

  // The relay's way opens the settings at the relay's field, without a new check.
  await block.locator('[data-way="relay"] a').click();
  await page.waitForFunction(() => document.querySelector('details.settings').open);
  assert.equal(await page.locator('[data-report]').getAttribute('data-state'), 'done');

  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.screenshot({ path: path.join(ARTIFACTS, 'no-cors-desktop.png'), fullPage: true });
  // The commands wrap rather than widen the page on a phone.
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: path.join(ARTIFACTS, 'no-cors-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'no horizontal scrolling at 360 px');
  await context.close();
});
