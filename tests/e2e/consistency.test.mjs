// dns-consistency on the page: Google (the default, the report's resolver) and Cloudflare
// (asked too, to compare) answer from zones of their own, each in its own JSON format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isolatedContext, watchErrors, useSite, server, browser } from './support.mjs';
import { routeDns, routePolicy, healthyZone, policyReply, ENFORCE_POLICY } from './dns.mjs';

useSite();

const D = 'example.com';
const OLD_ID = '20240101T000000Z';
const NEW_ID = '20240301T000000Z';

/** The three questions the second resolver is asked, sorted. */
const COMPARED = [`MX ${D}`, `TXT _mta-sts.${D}`, `TXT _smtp._tls.${D}`];

/**
 * Checks `D` with Google answering from `zone` and Cloudflare per `dns` (routeDns options),
 * until the report is done. Returns the page, the DoH log, the context, the elapsed time and
 * the severities of every check.
 */
async function check(zone, dns = {}, timeout = 20000) {
  const { context, outside } = await isolatedContext(browser, server);
  const log = await routeDns(context, zone, dns);
  await routePolicy(context, D, policyReply(ENFORCE_POLICY(D)));
  const page = await context.newPage();
  const errors = watchErrors(page);
  const started = Date.now();
  await page.goto(`${server.url}?domain=${D}`);
  await page.locator('[data-report][data-state=done]').waitFor({ timeout });
  const elapsed = Date.now() - started;
  const severities = await page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('[data-check]')]
      .map((e) => [e.dataset.check, e.dataset.severity])));
  const verdict = await page.locator('[data-report]').getAttribute('data-verdict');
  const done = async () => {
    assert.deepEqual(outside, [], 'requests outside the fixtures');
    assert.deepEqual(errors, [], 'page errors');
    await context.close();
  };
  return { page, log, elapsed, severities, verdict, done };
}

/** The codes shown under dns-consistency, and its text. */
async function consistency(page) {
  const card = page.locator('[data-check="dns-consistency"]');
  const codes = await card.locator('[data-code]').evaluateAll((els) => els.map((e) => e.dataset.code));
  return { codes, text: await card.textContent() };
}

/** The questions asked of Cloudflare without cd=1, sorted. */
function askedOf(log, provider) {
  return log.filter((q) => q.provider === provider && !q.cd).map((q) => `${q.type} ${q.name}`).sort();
}

test('resolvers that agree pass, and only the three questions are asked twice', async () => {
  const r = await check(healthyZone(D));
  assert.equal(r.verdict, 'enforce');
  assert.equal(r.severities['dns-consistency'], 'pass');
  const { codes, text } = await consistency(r.page);
  assert.deepEqual(codes, ['dns-consistency.agree']);
  assert.match(text, new RegExp(OLD_ID));
  assert.deepEqual(askedOf(r.log, 'cloudflare'), COMPARED, 'Cloudflare is asked to compare');
  assert.ok(askedOf(r.log, 'google').length > COMPARED.length, 'Google answers the report');
  // The waterfall shows the second resolver's rows as such.
  const rows = await r.page.locator('.waterfall th').allTextContents();
  assert.equal(rows.filter((t) => t.includes('(second resolver)')).length, 3, rows.join('\n'));
  await r.done();
});

test('resolvers that disagree on the id warn, with both answers', async () => {
  const other = healthyZone(D, { [`_mta-sts.${D}`]: { TXT: [`v=STSv1; id=${NEW_ID}`] } });
  const r = await check(healthyZone(D), { zones: { cloudflare: other } });
  // The report is Google's: its record passes and decides the verdict.
  assert.equal(r.verdict, 'enforce');
  assert.ok(['pass', 'info'].includes(r.severities['sts-record']));
  assert.equal(r.severities['dns-consistency'], 'warn');
  const { codes, text } = await consistency(r.page);
  assert.deepEqual(codes, ['dns-consistency.id-differs']);
  assert.match(text, new RegExp(OLD_ID));
  assert.match(text, new RegExp(NEW_ID));
  assert.match(text, /Google/);
  assert.match(text, /Cloudflare/);
  assert.match(text, /5 minutes/, 'the TTL in time');
  // A warning is listed among what to fix.
  assert.match(await r.page.locator('.to-fix').textContent(), /Google and Cloudflare see the MTA-STS record/);
  await r.done();
});

test('resolvers that disagree on the MX set warn', async () => {
  const other = healthyZone(D, { [D]: { MX: [[10, `mx1.${D}`], [20, 'backup.example.net']] } });
  const r = await check(healthyZone(D), { zones: { cloudflare: other } });
  assert.equal(r.severities['dns-consistency'], 'warn');
  const { codes, text } = await consistency(r.page);
  assert.deepEqual(codes, ['dns-consistency.mx-differs']);
  assert.match(text, /backup\.example\.net/);
  assert.match(text, new RegExp(`mx2\\.${D.replace('.', '\\.')}`));
  assert.equal(r.verdict, 'enforce');
  await r.done();
});

test('a record only one resolver sees warns', async () => {
  // Not in Cloudflare's zone: NXDOMAIN there.
  const other = healthyZone(D, { [`_smtp._tls.${D}`]: undefined });
  const r = await check(healthyZone(D), { zones: { cloudflare: other } });
  assert.equal(r.severities['dns-consistency'], 'warn');
  assert.deepEqual((await consistency(r.page)).codes, ['dns-consistency.one-sees']);
  await r.done();
});

test('the second resolver down leaves the check unknown and the report to the first', async () => {
  const r = await check(healthyZone(D), { down: { cloudflare: 503 } });
  assert.equal(r.severities['dns-consistency'], 'unknown');
  const { codes, text } = await consistency(r.page);
  assert.deepEqual(codes, ['dns-consistency.resolver-failed']);
  assert.match(text, /Cloudflare/);
  assert.match(text, /503/);
  // Everything else is decided by Google, and the verdict is not held back or softened.
  assert.equal(r.verdict, 'enforce');
  for (const id of ['sts-record', 'mx-records', 'tlsrpt-record', 'mx-coverage']) {
    assert.ok(['pass', 'info'].includes(r.severities[id]), `${id}: ${r.severities[id]}`);
  }
  await r.done();
});

test('the first resolver down: its fallback is the second, so nothing is compared', async () => {
  const r = await check(healthyZone(D), { down: { google: 503 } });
  assert.equal(r.severities['dns-consistency'], 'unknown');
  const { codes, text } = await consistency(r.page);
  assert.deepEqual(codes, ['dns-consistency.same-resolver']);
  assert.match(text, /Cloudflare/);
  assert.equal(r.verdict, 'enforce');
  await r.done();
});

test('a slow second resolver: the report fills in first, the verdict follows its answer', async () => {
  const { context, outside } = await isolatedContext(browser, server);
  await routeDns(context, healthyZone(D), { delays: { cloudflare: 2500 } });
  await routePolicy(context, D, policyReply(ENFORCE_POLICY(D)));
  const page = await context.newPage();
  const errors = watchErrors(page);
  const started = Date.now();
  await page.goto(`${server.url}?domain=${D}`);
  // Google's answers decide the record's check while Cloudflare is still on its way.
  await page.locator('[data-check="sts-record"][data-severity]').waitFor({ timeout: 10000 });
  assert.equal(await page.locator('[data-report]').getAttribute('data-state'), 'running');
  assert.equal(await page.locator('[data-check="dns-consistency"]').getAttribute('data-severity'), null);
  await page.locator('[data-report][data-state=done]').waitFor({ timeout: 10000 });
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 2500, `waited for Cloudflare (${elapsed} ms)`);
  assert.ok(elapsed < 5000, `but not for a time limit (${elapsed} ms)`);
  assert.equal(await page.locator('[data-report]').getAttribute('data-verdict'), 'enforce');
  assert.equal(await page.locator('[data-check="dns-consistency"]').getAttribute('data-severity'), 'pass');
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a second resolver that never answers holds the verdict back no longer than its limit', async () => {
  const r = await check(healthyZone(D), { down: { cloudflare: 'hang' } });
  // The DoH time limit is 5 s (src/transport/dns.rs); the page load and the rest add little.
  assert.ok(r.elapsed >= 4500 && r.elapsed < 9000, `${r.elapsed} ms`);
  assert.equal(r.verdict, 'enforce');
  assert.equal(r.severities['dns-consistency'], 'unknown');
  const { codes, text } = await consistency(r.page);
  assert.deepEqual(codes, ['dns-consistency.resolver-failed']);
  assert.match(text, /5000 ms/);
  await r.done();
});
