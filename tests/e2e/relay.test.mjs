// With a probe relay configured, the page asks it beside its own lookups, shows the
// certificate and STARTTLS findings with "via relay" provenance, and uses the relay's policy
// when the browser may not read the policy host. Without one, those checks are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isolatedContext, watchErrors, useSite, server, browser } from './support.mjs';
import { routeDns, routePolicy, healthyZone, policyReply, ENFORCE_POLICY } from './dns.mjs';

useSite();

const D = 'example.com';
const RELAY = 'https://relay.example.net';
const NOW = Math.floor(Date.now() / 1000);
const iso = (unix) => new Date(unix * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function certificate(name, { verified = true, validForName = true, days = 60 } = {}) {
  return {
    name,
    subject: `CN=${name}`,
    dns_names: [name],
    issuer: "C=US, O=Let's Encrypt, CN=R11",
    not_before: iso(NOW - 86400), not_before_unix: NOW - 86400,
    not_after: iso(NOW + days * 86400), not_after_unix: NOW + days * 86400,
    verified, verify_error: verified ? null : 'unknown issuer', valid_for_name: validForName,
    chain_length: 2,
  };
}

function mxProbe(host, preference, { starttls = true } = {}) {
  return {
    host, preference, addresses: ['192.0.2.25'], address: '192.0.2.25',
    banner: `220 ${host} ESMTP`,
    ehlo: `250-${host}\n250-PIPELINING\n${starttls ? '250-STARTTLS\n' : ''}250 8BITMIME`,
    starttls_offered: starttls,
    tls_version: starttls ? 'TLSv1.3' : null,
    cipher: starttls ? 'TLS13_AES_256_GCM_SHA384' : null,
    certificate: starttls ? certificate(host) : null,
    error: null,
  };
}

function probe({ mx2Starttls = true } = {}) {
  return {
    domain: D,
    checked_at: iso(NOW), checked_at_unix: NOW,
    policy: {
      url: `https://mta-sts.${D}/.well-known/mta-sts.txt`,
      addresses: ['192.0.2.10'], status: 200, location: null, content_type: 'text/plain',
      body: ENFORCE_POLICY(D), truncated: false, size: ENFORCE_POLICY(D).length, elapsed_ms: 120,
      certificate: certificate(`mta-sts.${D}`), error: null,
    },
    mx: {
      null_mx: false, implicit: false,
      hosts: [mxProbe(`mx1.${D}`, 10), mxProbe(`mx2.${D}`, 20, { starttls: mx2Starttls })],
      not_probed: [], error: null,
    },
  };
}

async function open({ relayAnswer, policy }) {
  const { context, outside } = await isolatedContext(browser, server);
  await routeDns(context, healthyZone(D));
  await routePolicy(context, D, policy);
  const asked = [];
  if (relayAnswer) {
    await context.route(`${RELAY}/**`, (route) => {
      asked.push(route.request().url());
      return route.fulfill(relayAnswer);
    });
  }
  const page = await context.newPage();
  const errors = watchErrors(page);
  if (relayAnswer) {
    await page.addInitScript((url) => localStorage.setItem('mta-sts-checker.relay', url), RELAY);
  }
  await page.goto(`${server.url}?domain=${D}`);
  await page.locator('[data-report][data-state=done]').waitFor({ timeout: 20000 });
  return { context, page, errors, outside, asked };
}

const severity = (page, id) => page.locator(`[data-check="${id}"]`).getAttribute('data-severity');
const json = (body) => ({
  status: 200,
  headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
  body: JSON.stringify(body),
});
const NO_CORS = {
  status: 200,
  headers: { 'content-type': 'text/plain', 'access-control-allow-origin': 'https://elsewhere.invalid' },
  body: ENFORCE_POLICY(D),
};

test('without a relay the certificate and STARTTLS checks are skipped', async () => {
  const { context, page, outside } = await open({ policy: policyReply(ENFORCE_POLICY(D)) });
  for (const id of ['policy-certificate', 'mx-starttls', 'mx-certificate']) {
    assert.equal(await severity(page, id), 'skip', id);
  }
  assert.deepEqual(outside, [], 'no relay is asked by default');
  await context.close();
});

test('a relay completes the checks a browser cannot do', async () => {
  const { context, page, errors, asked } = await open({ relayAnswer: json(probe()), policy: NO_CORS });
  assert.deepEqual(asked, [`${RELAY}/v1/probe?domain=${D}`]);
  assert.equal(await severity(page, 'policy-certificate'), 'pass');
  assert.equal(await severity(page, 'mx-starttls'), 'pass');
  assert.equal(await severity(page, 'mx-certificate'), 'pass');
  // The relay read the policy the browser could not: the content checks ran on it.
  assert.equal(await severity(page, 'policy-mode'), 'pass');
  assert.equal(await severity(page, 'mx-coverage'), 'pass');
  assert.equal(await page.locator('[data-report]').getAttribute('data-verdict'), 'enforce');
  // The check is complete: no ways to finish it lead the report.
  assert.equal(await page.locator('[data-finish-check]').count(), 0);
  assert.match(await page.locator('[data-check="policy-certificate"]').textContent(),
    /via relay relay\.example\.net/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an MX host without STARTTLS fails in enforce mode', async () => {
  const { context, page } = await open({
    relayAnswer: json(probe({ mx2Starttls: false })),
    policy: policyReply(ENFORCE_POLICY(D)),
  });
  assert.equal(await severity(page, 'mx-starttls'), 'fail');
  assert.match(await page.locator('[data-check="mx-starttls"]').textContent(), /mx2\.example\.com/);
  assert.equal(await page.locator('[data-report]').getAttribute('data-verdict'), 'broken');
  await context.close();
});

test('a relay that fails leaves its checks unknown, with its error', async () => {
  const { context, page } = await open({
    relayAnswer: { status: 429, headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
      body: JSON.stringify({ error: 'too many requests' }) },
    policy: policyReply(ENFORCE_POLICY(D)),
  });
  for (const id of ['policy-certificate', 'mx-starttls', 'mx-certificate']) {
    assert.equal(await severity(page, id), 'unknown', id);
  }
  assert.match(await page.locator('[data-check="mx-starttls"]').textContent(), /429/);
  assert.equal(await page.locator('[data-report]').getAttribute('data-verdict'), 'unverified');
  await context.close();
});
