// The DANE card: TLSA records of the MX hosts from fixtures in both providers' formats (Google's
// `3 1 1 <hex>`, Cloudflare's `\# 35 03 01 01 …`), judged by code; with a relay, whether a
// record matches the digests of what each host presented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isolatedContext, watchErrors, useSite, server, browser } from './support.mjs';
import { routeDns, routePolicy, healthyZone, policyReply, ENFORCE_POLICY } from './dns.mjs';

useSite();

const D = 'example.com';
const RELAY = 'https://relay.example.net';
const SPKI = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const NOW = Math.floor(Date.now() / 1000);
const iso = (unix) => new Date(unix * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

/** The relay's answer: both MX hosts present a certificate whose key digest is `spki`. */
function probe(spki) {
  const host = (name, preference) => ({
    host: name, preference, addresses: ['192.0.2.25'], address: '192.0.2.25',
    banner: `220 ${name} ESMTP`, ehlo: `250-${name}\n250-STARTTLS\n250 8BITMIME`,
    starttls_offered: true, tls_version: 'TLSv1.3', cipher: 'TLS13_AES_256_GCM_SHA384',
    certificate: {
      name, subject: `CN=${name}`, dns_names: [name], issuer: 'CN=Test CA',
      not_before: iso(NOW - 86400), not_before_unix: NOW - 86400,
      not_after: iso(NOW + 60 * 86400), not_after_unix: NOW + 60 * 86400,
      verified: true, verify_error: null, valid_for_name: true, chain_length: 1,
      cert_sha256: ['0f'.repeat(32)], spki_sha256: [spki],
    },
    error: null,
  });
  return {
    domain: D, checked_at: iso(NOW), checked_at_unix: NOW,
    policy: { url: `https://mta-sts.${D}/.well-known/mta-sts.txt`, status: 200, location: null,
      content_type: 'text/plain', body: ENFORCE_POLICY(D), size: null, elapsed_ms: 1,
      certificate: null, error: null },
    mx: { hosts: [host(`mx1.${D}`, 10), host(`mx2.${D}`, 20)], error: null },
  };
}

async function check({ tlsa, resolver, relaySpki }) {
  const { context, outside } = await isolatedContext(browser, server);
  await routeDns(context, healthyZone(D, tlsa));
  await routePolicy(context, D, policyReply(ENFORCE_POLICY(D)));
  if (relaySpki) {
    await context.route(`${RELAY}/**`, (route) => route.fulfill({
      status: 200,
      headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
      body: JSON.stringify(probe(relaySpki)),
    }));
  }
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(([id, relay]) => {
    localStorage.setItem('mta-sts-checker.resolver', id);
    if (relay) localStorage.setItem('mta-sts-checker.relay', relay);
  }, [resolver, relaySpki ? RELAY : null]);
  await page.goto(`${server.url}?domain=${D}`);
  await page.locator('[data-report][data-state=done]').waitFor({ timeout: 20000 });
  const dane = page.locator('[data-check="mx-dane"]');
  const codes = await dane.locator('[data-code]').evaluateAll((els) => els.map((e) => e.dataset.code));
  const result = { severity: await dane.getAttribute('data-severity'), codes, text: await dane.textContent() };
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, []);
  await context.close();
  return result;
}

test('the DANE card judges TLSA records in both providers\' formats', async () => {
  const signed = {
    [`_25._tcp.mx1.${D}`]: { TLSA: [`3 1 1 ${SPKI.toUpperCase()}`] },
    [`_25._tcp.mx2.${D}`]: { TLSA: [`2 1 1 ${SPKI}`] },
  };
  for (const resolver of ['google', 'cloudflare']) {
    const r = await check({ tlsa: signed, resolver });
    assert.equal(r.severity, 'pass', `${resolver}: ${r.codes}`);
    assert.deepEqual(r.codes.filter((c) => c === 'mx-dane.valid').length, 2, resolver);
    assert.ok(r.codes.includes('mx-dane.interplay'), resolver);
    // Each record decoded, whichever form it came in.
    assert.match(r.text, new RegExp(`3 1 1 ${SPKI} \\(DANE-EE, SPKI, SHA-256\\)`), resolver);
    assert.match(r.text, /\(DANE-TA, SPKI, SHA-256\)/, resolver);
  }

  // Without the AD flag, a PKIX usage, a digest of the wrong length.
  const problems = {
    [`_25._tcp.mx1.${D}`]: { TLSA: [`3 1 1 ${SPKI}`], ad: false },
    [`_25._tcp.mx2.${D}`]: { TLSA: [`1 1 1 ${SPKI}`, `3 1 1 ${SPKI.slice(2)}`] },
  };
  const r = await check({ tlsa: problems, resolver: 'cloudflare' });
  assert.equal(r.severity, 'fail', String(r.codes));
  for (const code of ['mx-dane.unsigned', 'mx-dane.pkix-usage', 'mx-dane.digest-length', 'mx-dane.no-usable']) {
    assert.ok(r.codes.includes(code), `${code} in ${r.codes}`);
  }

  // No TLSA anywhere: optional, and said what it would add.
  const none = await check({ tlsa: {}, resolver: 'google' });
  assert.equal(none.severity, 'info');
  assert.deepEqual(none.codes, ['mx-dane.none']);
});

test('with a relay the DANE card says whether a record matches what the host presented', async () => {
  const tlsa = {
    [`_25._tcp.mx1.${D}`]: { TLSA: [`3 1 1 ${SPKI}`] },
    [`_25._tcp.mx2.${D}`]: { TLSA: [`3 1 1 ${SPKI}`] },
  };
  const matching = await check({ tlsa, resolver: 'google', relaySpki: SPKI });
  assert.equal(matching.severity, 'pass', String(matching.codes));
  assert.equal(matching.codes.filter((c) => c === 'mx-dane.match').length, 2);

  const other = '77'.repeat(32);
  const wrong = await check({ tlsa, resolver: 'google', relaySpki: other });
  assert.equal(wrong.severity, 'fail', String(wrong.codes));
  assert.ok(wrong.codes.includes('mx-dane.no-match'));
  // The fix is the record for the key the host presented.
  assert.match(wrong.text, new RegExp(`_25\\._tcp\\.mx1\\.${D}\\. IN TLSA 3 1 1 ${other}`));
});
