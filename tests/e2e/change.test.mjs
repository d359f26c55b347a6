// Change safety (issue 17, part 3): the page remembers what it saw of a domain in this
// browser's localStorage, and the next check of the domain in the same browser profile says
// what changed (the `policy-change` check). Two checks per test, the fixtures' answers changed
// between them; findings asserted by code and severity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isolatedContext, watchErrors, useSite, server, browser } from './support.mjs';
import { routeDns, routePolicy, healthyZone, policyReply, ENFORCE_POLICY } from './dns.mjs';

useSite();

const D = 'example.com';
const KEY = `mta-sts-checker.seen.${D}`;
const DAY_MS = 86_400_000;
const NEW_ID = { [`_mta-sts.${D}`]: { TXT: ['v=STSv1; id=20260101T000000Z'] } };
const TESTING_POLICY = `version: STSv1\nmode: testing\nmx: mx1.${D}\nmx: mx2.${D}\nmax_age: 1209600\n`;

/**
 * One browser profile whose fixtures can change between checks: `zone` and `reply` are read
 * at each request, so `answer(zone, reply)` changes what the next check sees.
 */
async function profile(options = {}, dns = {}) {
  const { context, outside } = await isolatedContext(browser, server, options);
  const zone = healthyZone(D);
  const reply = policyReply(ENFORCE_POLICY(D));
  await routeDns(context, zone, dns);
  await routePolicy(context, D, reply);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const answer = (newZone, newReply) => {
    for (const name of Object.keys(zone)) delete zone[name];
    Object.assign(zone, newZone);
    Object.assign(reply, newReply);
  };
  return { context, outside, page, errors, answer };
}

/** Checks `domain` in `page` and waits for the report, and for the changes card's verdict. */
async function check(page, domain = D) {
  await page.goto(`${server.url}?domain=${domain}`);
  await page.locator('[data-report][data-state=done]').waitFor({ timeout: 20000 });
}

/** The findings of the changes card, as [code, severity] pairs, once it has them. */
async function changes(page) {
  const card = page.locator('[data-changes] [data-check="policy-change"]:not([data-severity=""])');
  await card.waitFor({ timeout: 10000 });
  return card.locator('[data-code]').evaluateAll((els) => els.map((e) =>
    [e.dataset.code, [...e.classList].find((c) => c.startsWith('sev-')).slice(4)]));
}

function has(found, code, severity) {
  assert.ok(found.some(([c, s]) => c === code && s === severity),
    `expected ${code} (${severity}), got ${JSON.stringify(found)}`);
}

const stored = (page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage)
  .filter((k) => k.startsWith('mta-sts-checker.seen.'))
  .map((k) => [k, localStorage.getItem(k)])));

/** `2026-12-18 21:10 UTC` in a text, as milliseconds since 1970. */
function dateIn(text) {
  const m = /(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d) UTC/.exec(text);
  assert.ok(m, `a date in ${JSON.stringify(text)}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
}

async function exportText(page, label) {
  await page.getByRole('button', { name: label }).click();
  return page.evaluate(() => navigator.clipboard.readText());
}

test('the first check remembers; the same one again finds nothing changed', async () => {
  const { context, outside, page, errors } = await profile();
  await check(page);
  assert.deepEqual(await changes(page), [['policy-change.first-run', 'info']]);
  const first = JSON.parse((await stored(page))[KEY]);
  assert.equal(first.domain, D);
  assert.deepEqual(first.record_ids, ['20240101T000000Z']);
  assert.equal(first.mode, 'enforce');
  assert.equal(first.max_age, 1209600);
  assert.deepEqual(first.mx_hosts, [`mx1.${D}`, `mx2.${D}`]);
  assert.match(first.policy_hash, /^[0-9a-f]{16}$/);

  await check(page);
  assert.deepEqual(await changes(page), [['policy-change.unchanged', 'pass']]);
  assert.match(await page.locator('[data-changes]').textContent(), /in this browser on \d{4}-/);
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a policy changed under the same id fails, with the date senders keep the old one', async () => {
  const { context, page, errors, answer } = await profile({
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await check(page);
  await changes(page);
  answer(healthyZone(D), policyReply(TESTING_POLICY));
  await check(page);
  const found = await changes(page);
  has(found, 'policy-change.policy-changed-id-same', 'fail');
  has(found, 'policy-change.mode-down', 'warn');
  const finding = page.locator('[data-changes] [data-code="policy-change.policy-changed-id-same"]');
  const text = await finding.textContent();
  // This check's time plus the old max_age (14 days), give or take the minute.
  const until = dateIn(text.slice(text.indexOf('until')));
  assert.ok(Math.abs(until - (Date.now() + 14 * DAY_MS)) < 5 * 60_000, text);
  assert.match(text, /old policy cached until/);
  assert.match(text, /v=STSv1; id=\d{8}T\d{6}Z/, 'a new id to copy');
  // Fails go to the top of the report too.
  assert.match(await page.locator('.to-fix').textContent(), /id in its _mta-sts record did not/);

  // The exports carry the changes.
  const json = JSON.parse(await exportText(page, 'Copy as JSON'));
  assert.equal(json.changes.id, 'policy-change');
  assert.equal(json.changes.severity, 'fail');
  assert.ok(json.changes.findings.some((f) =>
    f.code === 'policy-change.policy-changed-id-same' && f.severity === 'fail'));
  const markdown = await exportText(page, 'Copy as Markdown');
  assert.match(markdown, /Changes since the last check/);
  assert.match(markdown, /policy-change\.policy-changed-id-same/);
  assert.match(markdown, /policy-change\.mode-down/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new id with the same policy is info', async () => {
  const { context, page, errors, answer } = await profile();
  await check(page);
  await changes(page);
  answer(healthyZone(D, NEW_ID), policyReply(ENFORCE_POLICY(D)));
  await check(page);
  const found = await changes(page);
  assert.deepEqual(found, [['policy-change.id-changed', 'info']]);
  const text = await page.locator('[data-changes]').textContent();
  assert.match(text, /20240101T000000Z/);
  assert.match(text, /20260101T000000Z/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('mode down, a shorter max_age and a new MX host are each said with both values', async () => {
  const { context, page, errors, answer } = await profile();
  await check(page);
  await changes(page);
  answer(
    healthyZone(D, { ...NEW_ID, [D]: { MX: [[10, `mx1.${D}`], [20, `mx2.${D}`], [30, 'backup.other.example']] } }),
    policyReply(`version: STSv1\nmode: testing\nmx: mx1.${D}\nmx: mx2.${D}\nmax_age: 86400\n`),
  );
  await check(page);
  const found = await changes(page);
  has(found, 'policy-change.id-changed', 'info');
  has(found, 'policy-change.mode-down', 'warn');
  has(found, 'policy-change.max-age-shorter', 'info');
  // In testing mode, a host the mx patterns do not cover is a warning.
  has(found, 'policy-change.mx-uncovered', 'warn');
  const said = async (code) =>
    page.locator(`[data-changes] [data-code="policy-change.${code}"]`).textContent();
  assert.match(await said('mode-down'), /from enforce to testing/);
  assert.match(await said('max-age-shorter'), /1209600[\s\S]*86400/);
  assert.match(await said('mx-uncovered'), /backup\.other\.example/);
  assert.match(await said('mx-uncovered'), /MX before[\s\S]*mx1\.example\.com mx2\.example\.com/);
  // What is remembered now is the second check's.
  const now = JSON.parse((await stored(page))[KEY]);
  assert.equal(now.mode, 'testing');
  assert.deepEqual(now.mx_hosts, ['backup.other.example', `mx1.${D}`, `mx2.${D}`]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with remembering off nothing is compared or stored', async () => {
  const { context, page, errors, answer } = await profile({
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await page.goto(server.url);
  await page.locator('details.settings summary').click();
  const box = page.getByLabel('Remember what this browser saw, to spot unsafe changes');
  assert.equal(await box.isChecked(), true, 'on by default');
  await box.uncheck();
  assert.equal(await page.evaluate(() => localStorage.getItem('mta-sts-checker.remember')), 'off');
  await check(page);
  answer(healthyZone(D), policyReply(TESTING_POLICY));
  await check(page);
  await page.locator('[data-changes] [data-memory="off"]').waitFor();
  assert.equal(await page.locator('[data-check="policy-change"]').count(), 0);
  assert.deepEqual(await stored(page), {});
  const json = JSON.parse(await exportText(page, 'Copy as JSON'));
  assert.equal(json.changes, undefined, 'no comparison in the export');
  // Turned on again: the next check is a first one.
  await page.locator('details.settings summary').click();
  await page.getByLabel('Remember what this browser saw, to spot unsafe changes').check();
  await check(page);
  assert.deepEqual(await changes(page), [['policy-change.first-run', 'info']]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Forget this domain" and "Forget everything" clear the storage', async () => {
  const { context, page, errors, answer } = await profile();
  answer({ ...healthyZone(D), ...healthyZone('example.org') }, policyReply(ENFORCE_POLICY(D)));
  await routePolicy(context, 'example.org', policyReply(ENFORCE_POLICY('example.org')));
  await check(page, 'example.org');
  await changes(page);
  await check(page);
  await changes(page);
  assert.deepEqual(Object.keys(await stored(page)).sort(),
    [KEY, 'mta-sts-checker.seen.example.org']);

  await page.locator('[data-changes] button[data-forget]').click();
  await page.locator('[data-changes] [data-memory="forgotten"]').waitFor();
  assert.deepEqual(Object.keys(await stored(page)), ['mta-sts-checker.seen.example.org']);
  // The report no longer claims a comparison.
  assert.equal(await page.locator('[data-check="policy-change"]').count(), 0);

  await page.evaluate(() => localStorage.setItem('mta-sts-checker.resolver', 'cloudflare'));
  await page.locator('details.settings summary').click();
  await page.getByRole('button', { name: 'Forget everything' }).click();
  await page.getByText('This browser remembers no domain now.').waitFor();
  assert.deepEqual(await stored(page), {});
  assert.equal(await page.evaluate(() => localStorage.getItem('mta-sts-checker.resolver')),
    'cloudflare', 'the other settings stay');
  await check(page);
  assert.deepEqual(await changes(page), [['policy-change.first-run', 'info']]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a corrupt or hostile stored value is none, and is overwritten', async () => {
  const { context, page, errors } = await profile();
  await page.goto(server.url);
  for (const bad of [
    '{"domain": "example.com", "checked_at_unix": ',
    JSON.stringify({ domain: 'other.example', checked_at_unix: 1, record: 'present', policy: 'absent',
      policy_hash: null, mode: null, max_age: null, mx_hosts: null }),
    '<img src=x onerror=alert(1)>',
    'x'.repeat(100_000),
  ]) {
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, bad]);
    await check(page);
    assert.deepEqual(await changes(page), [['policy-change.first-run', 'info']]);
    const now = JSON.parse((await stored(page))[KEY]);
    assert.equal(now.domain, D);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the editor says until when senders keep the live policy, and offers a new id', async () => {
  const { context, page, errors } = await profile();
  await check(page);
  await changes(page);
  assert.equal(await page.locator('[data-cached-until]').count(), 0, 'nothing edited yet');
  await page.locator('#policy').fill(TESTING_POLICY);
  const note = page.locator('[data-cached-until]');
  await note.waitFor();
  const text = await note.textContent();
  assert.ok(Math.abs(dateIn(text) - (Date.now() + 14 * DAY_MS)) < 5 * 60_000, text);
  assert.match(text, /new id/);
  assert.match(await note.locator('pre').textContent(), /^v=STSv1; id=\d{8}T\d{6}Z$/);
  // Back to the live policy: no note.
  await page.getByRole('button', { name: 'Back to the fetched policy' }).click();
  assert.equal(await page.locator('[data-cached-until]').count(), 0);
  // What was pasted is never remembered: the stored snapshot is the live policy's.
  assert.equal(JSON.parse((await stored(page))[KEY]).mode, 'enforce');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the MX hosts seen last time get their TLSA lookups without waiting for the MX answer', async () => {
  // Every DNS answer takes 600 ms: a lookup that waits for the MX answer starts that much later.
  const { context, page, errors } = await profile({}, { delayMs: 600 });
  const asked = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const name = url.searchParams.get('name');
    if (name) asked.push({ name, type: url.searchParams.get('type'), at: Date.now() });
  });
  /** How long after the MX question the first TLSA question for mx1 was asked. */
  const lag = () => {
    const mx = asked.find((q) => q.name === D && ['15', 'MX'].includes(q.type));
    const tlsa = asked.find((q) => q.name === `_25._tcp.mx1.${D}`);
    assert.ok(mx && tlsa, JSON.stringify(asked));
    return tlsa.at - mx.at;
  };
  await check(page);
  await changes(page);
  assert.ok(lag() >= 500, `first check: TLSA after the MX answer (${lag()} ms)`);
  asked.length = 0;
  await check(page);
  await changes(page);
  assert.ok(lag() < 300, `second check: TLSA at once (${lag()} ms)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a browser that will not keep anything is told so, and the check still finishes', async () => {
  const { context, outside, page, errors } = await profile();
  // Storage full or turned off: every write throws, as browsers do (QuotaExceededError).
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
  });
  await check(page);
  const note = page.locator('[data-changes] [data-memory=unavailable]');
  await note.waitFor({ timeout: 10000 });
  assert.match(await note.textContent(), /would not keep/);
  assert.equal(await page.locator('[data-report]').getAttribute('data-verdict'), 'enforce');
  assert.deepEqual(await stored(page), {});
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, []);
  await context.close();
});
