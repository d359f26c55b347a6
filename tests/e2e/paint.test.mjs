// Paint first (issue 16): both pages paint and take input before their WebAssembly has
// arrived, and the app takes the static page over without losing what was typed, the focus or
// the layout. The WebAssembly's download is held back by a route until the test releases it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isolatedContext, watchErrors, useSite, server, browser } from './support.mjs';
import { routeDns, routePolicy, healthyZone, policyReply, ENFORCE_POLICY } from './dns.mjs';

useSite();

const D = 'example.com';

/** A context whose pages get no WebAssembly until `release()`; DNS and the policy answered. */
async function heldBack() {
  const { context, outside } = await isolatedContext(browser, server);
  await routeDns(context, healthyZone(D));
  await routePolicy(context, D, policyReply(ENFORCE_POLICY(D)));
  let release;
  const gate = new Promise((resolve) => {
    release = resolve;
  });
  // Registered after isolatedContext's catch-all route, so it is asked first.
  await context.route('**/*_bg.wasm', async (route) => {
    await gate;
    await route.continue();
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  return { context, outside, page, errors, release };
}

const ready = (page) => page.evaluate(() => performance.getEntriesByName('mta-sts:ready').length > 0);
const box = (locator) => locator.boundingBox();
// src/early.js has run once its preconnect is in the head.
const earlyRan = (page) => page.locator('head link[rel=preconnect]').first().waitFor({ state: 'attached' });

test('the checker paints its form before the WebAssembly; what is typed and the focus stay', async () => {
  const t = await heldBack();
  await t.page.goto(server.url, { waitUntil: 'domcontentloaded' });
  const input = t.page.locator('form.check input[name=domain]');
  await input.waitFor();
  for (const sel of ['header.site h1', 'form.check button[type=submit]', 'section.intro', 'footer.site']) {
    assert.ok(await t.page.locator(sel).isVisible(), `${sel} is painted`);
  }
  assert.equal(await ready(t.page), false, 'the app has not started');
  const formBox = await box(t.page.locator('form.check'));
  const introBox = await box(t.page.locator('section.intro'));

  await input.click();
  await t.page.keyboard.type('exam');
  t.release();
  await t.page.waitForFunction(() => performance.getEntriesByName('mta-sts:ready').length > 0);
  await t.page.locator('details.settings fieldset').waitFor({ state: 'attached' });
  assert.equal(await input.inputValue(), 'exam', 'the typed text is kept');
  assert.ok(await input.evaluate((el) => document.activeElement === el), 'the focus is kept');
  assert.deepEqual(await box(t.page.locator('form.check')), formBox, 'the form does not move');
  assert.deepEqual(await box(t.page.locator('section.intro')), introBox, 'the introduction does not move');

  // Typing goes on into the same field, and the app checks it.
  await t.page.keyboard.type('ple.com');
  await t.page.keyboard.press('Enter');
  await t.page.locator('[data-report][data-state=done]').waitFor({ timeout: 20000 });
  assert.equal(await t.page.locator('[data-report]').getAttribute('data-domain'), D);
  assert.equal(await t.page.locator('section.intro').isVisible(), false, 'the report replaces the introduction');
  assert.deepEqual(t.outside, []);
  assert.deepEqual(t.errors, []);
  await t.context.close();
});

test('a submit before the WebAssembly has loaded is checked once the app starts', async () => {
  const t = await heldBack();
  await t.page.goto(server.url, { waitUntil: 'domcontentloaded' });
  await earlyRan(t.page);
  const input = t.page.locator('form.check input[name=domain]');
  await input.fill(' Example.COM. ');
  await input.press('Enter');
  // No reload (the download goes on): the domain shows as being checked at once.
  const early = t.page.locator('[data-early]');
  await early.waitFor();
  assert.match(await early.textContent(), /Report for example\.com[\s\S]*Checking example\.com…/);
  assert.equal(new URL(t.page.url()).search, '', 'the page was not reloaded');
  assert.equal(await ready(t.page), false, 'the app has not started');
  const headingBox = await box(early.locator('h2'));

  t.release();
  const report = t.page.locator('[data-report]');
  await report.waitFor();
  assert.equal(await report.getAttribute('data-domain'), D, 'what was typed is checked');
  assert.equal(new URL(t.page.url()).searchParams.get('domain'), D);
  assert.equal(await input.inputValue(), D);
  assert.deepEqual(await box(report.locator('h2')), headingBox, 'the heading does not move');
  await t.page.locator('[data-report][data-state=done]').waitFor({ timeout: 20000 });
  assert.equal(await report.getAttribute('data-verdict'), 'enforce');
  assert.equal(await t.page.locator('[data-early]').count(), 0, 'the placeholder is gone');
  assert.deepEqual(t.outside, []);
  assert.deepEqual(t.errors, []);
  await t.context.close();
});

test('a shared link shows "checking <domain>…" before the app, which takes over in place', async () => {
  const t = await heldBack();
  await t.page.goto(`${server.url}?domain=${D}`, { waitUntil: 'domcontentloaded' });
  const early = t.page.locator('[data-early]');
  await early.waitFor();
  assert.match(await early.textContent(), /Checking example\.com…/);
  assert.equal(await t.page.locator('section.intro').isVisible(), false);
  assert.equal(await t.page.locator('form.check input[name=domain]').inputValue(), D);
  // The hosts the check asks are connected to early: the chosen resolver, the other one
  // (asked at once to compare) and the policy host.
  const preconnects = await t.page.locator('head link[rel=preconnect]')
    .evaluateAll((links) => links.map((l) => l.href));
  assert.deepEqual(preconnects, ['https://dns.google/', 'https://cloudflare-dns.com/', `https://mta-sts.${D}/`]);
  const formBox = await box(t.page.locator('form.check'));
  const bannerBox = await box(early.locator('.banner'));
  assert.equal(await ready(t.page), false);

  t.release();
  const report = t.page.locator('[data-report]');
  await report.waitFor();
  assert.deepEqual(await box(t.page.locator('form.check')), formBox, 'the form does not move');
  const banner = await box(report.locator('.banner'));
  assert.deepEqual([banner.x, banner.y, banner.width], [bannerBox.x, bannerBox.y, bannerBox.width],
    'the banner does not move');
  await t.page.locator('[data-report][data-state=done]').waitFor({ timeout: 20000 });
  assert.equal(await report.getAttribute('data-verdict'), 'enforce');
  assert.deepEqual(t.outside, []);
  assert.deepEqual(t.errors, []);
  await t.context.close();
});

test('the set-up page paints its form before the WebAssembly, and a submit before it works', async () => {
  const t = await heldBack();
  await t.page.goto(`${server.url}setup/`, { waitUntil: 'domcontentloaded' });
  const input = t.page.locator('form.check input[name=domain]');
  await input.waitFor();
  for (const sel of ['header.site h1', 'form.check button[type=submit]', 'footer.site']) {
    assert.ok(await t.page.locator(sel).isVisible(), `${sel} is painted`);
  }
  assert.equal(await ready(t.page), false);
  // The form is a plain GET of the page: the address carries what was typed, and the page
  // shows the domain at once, before its WebAssembly.
  await input.fill(D);
  await input.press('Enter');
  await t.page.waitForURL((url) => url.searchParams.get('domain') === D);
  const early = t.page.locator('[data-early]');
  await early.waitFor();
  assert.match(await early.textContent(), /Set up MTA-STS for example\.com/);
  const headingBox = await box(early.locator('h2'));

  t.release();
  const setup = t.page.locator('[data-setup][data-state=done]');
  await setup.waitFor({ timeout: 20000 });
  assert.equal(await setup.getAttribute('data-domain'), D);
  assert.deepEqual(await box(setup.locator('h2')), headingBox, 'the heading does not move');
  assert.equal(await t.page.locator('form.check').isVisible(), false, 'the form gives way');
  assert.deepEqual(t.outside, []);
  assert.deepEqual(t.errors, []);
  await t.context.close();
});

test('the set-up page keeps its form, with the reason, for a domain it cannot use', async () => {
  const { context } = await isolatedContext(browser, server);
  const page = await context.newPage();
  await page.goto(`${server.url}setup/?domain=192.0.2.1`);
  await page.locator('[data-input-error]').waitFor();
  assert.match(await page.locator('[data-input-error]').textContent(), /IP address/);
  assert.equal(await page.locator('form.check input[name=domain]').inputValue(), '192.0.2.1');
  assert.equal(await page.locator('[data-setup]').count(), 0);
  await context.close();
});
