// The policy editor: editing the fetched policy and pasting `curl -si` output where CORS
// blocks the fetch both re-check at once, with pasted evidence and a diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isolatedContext, watchErrors, useSite, server, browser } from './support.mjs';
import { routeDns, routePolicy, healthyZone, policyReply, ENFORCE_POLICY } from './dns.mjs';

useSite();

const D = 'example.com';

async function open(policy) {
  const { context, outside } = await isolatedContext(browser, server);
  await routeDns(context, healthyZone(D));
  await routePolicy(context, D, policy);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}?domain=${D}`);
  await page.locator('[data-report][data-state=done]').waitFor();
  return { context, page, errors, outside };
}

const severity = (page, id) => page.locator(`[data-check="${id}"]`).getAttribute('data-severity');
const verdict = (page) => page.locator('[data-report]').getAttribute('data-verdict');

test('editing the fetched policy re-checks it and shows the change', async () => {
  const { context, page, errors, outside } = await open(policyReply(ENFORCE_POLICY(D)));
  const editor = page.locator('textarea[name=policy]');
  assert.equal(await editor.inputValue(), ENFORCE_POLICY(D), 'holds the fetched policy');
  assert.equal(await verdict(page), 'enforce');

  await editor.fill(ENFORCE_POLICY(D).replace('mode: enforce', 'mode: testing'));
  await page.waitForFunction(() =>
    document.querySelector('[data-report]').dataset.verdict === 'testing');
  assert.equal(await severity(page, 'policy-mode'), 'warn');
  const mode = await page.locator('[data-check="policy-mode"]').textContent();
  assert.match(mode, /pasted/, 'the evidence says it was pasted');
  const diff = await page.locator('[data-diff]').textContent();
  assert.match(diff, /- mode: enforce/);
  assert.match(diff, /\+ mode: testing/);

  // An mx line that no longer covers an MX host fails coverage in enforce mode.
  await editor.fill(ENFORCE_POLICY(D).replace(`mx: mx2.${D}\n`, ''));
  await page.waitForFunction(() =>
    document.querySelector('[data-check="mx-coverage"]').dataset.severity === 'fail');
  assert.equal(await verdict(page), 'broken');

  await page.getByRole('button', { name: 'Back to the fetched policy' }).click();
  await page.waitForFunction(() =>
    document.querySelector('[data-report]').dataset.verdict === 'enforce');
  assert.equal(await editor.inputValue(), ENFORCE_POLICY(D));
  assert.equal(await page.locator('[data-diff]').count(), 0);
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, []);
  await context.close();
});

test('pasting curl -si output completes a check that CORS blocked', async () => {
  const noCors = {
    status: 200,
    headers: { 'content-type': 'text/plain', 'access-control-allow-origin': 'https://elsewhere.invalid' },
    body: ENFORCE_POLICY(D),
  };
  const { context, page, errors } = await open(noCors);
  assert.equal(await verdict(page), 'unverified');
  assert.equal(await severity(page, 'policy-fetch'), 'unknown');
  const editor = page.locator('textarea[name=policy]');
  assert.equal(await editor.inputValue(), '', 'empty when the policy could not be read');
  assert.equal(await page.locator('[data-finish-check]').count(), 1);

  const curl = 'HTTP/2 200\r\ncontent-type: text/html\r\ncontent-length: 88\r\n\r\n' + ENFORCE_POLICY(D);
  await editor.fill(curl);
  await page.waitForFunction(() =>
    document.querySelector('[data-check="policy-mode"]').dataset.severity === 'pass');
  assert.equal(await severity(page, 'policy-fetch'), 'pass', 'pasted status counts for the fetch');
  assert.equal(await severity(page, 'policy-content-type'), 'warn', 'pasted headers count too');
  assert.equal(await severity(page, 'mx-coverage'), 'pass');
  assert.equal(await verdict(page), 'enforce');
  assert.match(await page.locator('[data-check="policy-fetch"]').textContent(), /pasted/);
  assert.equal(await page.locator('[data-finish-check]').count(), 0, 'the paste finished the check');

  // A body alone leaves the fetch as it was.
  await editor.fill(ENFORCE_POLICY(D));
  await page.waitForFunction(() =>
    document.querySelector('[data-check="policy-fetch"]').dataset.severity === 'unknown');
  assert.equal(await severity(page, 'policy-mode'), 'pass');
  assert.equal(await severity(page, 'mx-coverage'), 'pass');
  assert.deepEqual(errors, []);
  await context.close();
});
