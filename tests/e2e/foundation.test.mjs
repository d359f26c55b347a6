// The page loads under a sub-path, the form puts the domain into the address bar and the
// report, and back and forward move between reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isolatedContext, watchErrors, useSite, server, browser } from './support.mjs';
import { routeDns, routePolicy, healthyZone, policyReply, ENFORCE_POLICY } from './dns.mjs';

/** Answers DNS and the policy hosts for the domains these tests type. */
async function routeAll(context) {
  const zone = {};
  for (const d of ['example.com', 'example.org', 'example.net']) {
    Object.assign(zone, healthyZone(d));
    await routePolicy(context, d, policyReply(ENFORCE_POLICY(d)));
  }
  return routeDns(context, zone);
}

useSite();

test('the form checks a domain, and the address bar and report follow', async () => {
  const { context, outside } = await isolatedContext(browser, server);
  await routeAll(context);
  const page = await context.newPage();
  const errors = watchErrors(page);

  await page.goto(server.url);
  const input = page.locator('form input[name=domain]');
  await input.waitFor();
  assert.equal(await page.locator('[data-report]').count(), 0, 'no report before a check');

  await input.fill('  Example.COM. ');
  await input.press('Enter');
  const report = page.locator('[data-report]');
  await report.waitFor();
  assert.equal(await report.getAttribute('data-domain'), 'example.com');
  const url = new URL(page.url());
  assert.equal(url.pathname, '/mta-sts-checker/', 'the sub-path is kept');
  assert.equal(url.searchParams.get('domain'), 'example.com');

  await input.fill('postmaster@example.org');
  await page.locator('form.check button[type=submit]').click();
  await page.waitForFunction(() =>
    document.querySelector('[data-report]')?.getAttribute('data-domain') === 'example.org');
  assert.equal(new URL(page.url()).searchParams.get('domain'), 'example.org');

  await page.goBack();
  await page.waitForFunction(() =>
    document.querySelector('[data-report]')?.getAttribute('data-domain') === 'example.com');
  assert.equal(new URL(page.url()).searchParams.get('domain'), 'example.com');
  assert.equal(await input.inputValue(), 'example.com', 'the input follows history');

  await page.goForward();
  await page.waitForFunction(() =>
    document.querySelector('[data-report]')?.getAttribute('data-domain') === 'example.org');

  assert.deepEqual(errors, []);
  // Nothing but the fixtures' DoH resolvers and policy hosts was asked.
  assert.deepEqual(outside, []);
  await context.close();
});

test('opening ?domain= shows that report at once', async () => {
  const { context } = await isolatedContext(browser, server);
  await routeAll(context);
  const page = await context.newPage();
  await page.goto(`${server.url}?domain=example.net`);
  const report = page.locator('[data-report]');
  await report.waitFor();
  assert.equal(await report.getAttribute('data-domain'), 'example.net');
  assert.equal(await page.locator('form input[name=domain]').inputValue(), 'example.net');
  await page.locator('[data-report][data-state=done]').waitFor();
  assert.equal(await report.getAttribute('data-verdict'), 'enforce');
  await context.close();
});

test('input that is no domain shows its reason and changes nothing', async () => {
  const { context, outside } = await isolatedContext(browser, server);
  const page = await context.newPage();
  await page.goto(server.url);
  const input = page.locator('form input[name=domain]');
  await input.fill('javascript:alert(1)');
  await input.press('Enter');
  const error = page.locator('[data-input-error]');
  await error.waitFor();
  assert.match(await error.textContent(), /domain/i);
  assert.equal(await page.locator('[data-report]').count(), 0);
  assert.equal(new URL(page.url()).search, '');
  assert.deepEqual(outside, [], 'no lookup started');
  await context.close();
});
