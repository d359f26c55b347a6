// A fake DNS zone answered through Playwright routes in the JSON formats of Google's and
// Cloudflare's DoH APIs (toolchain.md): Cloudflare quotes TXT strings, Google joins them.
const TYPES = { A: 1, CNAME: 5, MX: 15, TXT: 16, AAAA: 28, TLSA: 52 };
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));

/** `"..."` presentation form of one character-string, as Cloudflare sends it. */
function quote(s) {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/**
 * TLSA data as each provider writes it: Google the presentation form (`3 1 1 <hex>`),
 * Cloudflare RFC 3597's generic form (`\# 35 03 01 01 …`). A value that is not three numbers
 * and hex is sent as is to both (a fixture for data that does not decode).
 */
function tlsaData(value, provider) {
  const m = /^(\d+) (\d+) (\d+) ([0-9a-fA-F]+)$/.exec(value);
  if (provider !== 'cloudflare' || !m || m[4].length % 2) return value;
  const bytes = [m[1], m[2], m[3]].map((n) => Number(n).toString(16).padStart(2, '0'))
    .concat(m[4].toLowerCase().match(/../g));
  return `\\# ${bytes.length} ${bytes.join(' ')}`;
}

/**
 * zone: { 'name': { TXT: [string | string[]], MX: [[pref, host]], A: [...], AAAA: [...],
 *                   TLSA: ['3 1 1 <hex>'],
 *                   CNAME: 'target', rcode: 'NXDOMAIN' | 'SERVFAIL', servfailUnlessCd: true,
 *                   ad: true } }
 * Names not in the zone are NXDOMAIN; a name without the asked type is NOERROR with no Answer.
 */
export function answer(zone, provider, name, type, cd) {
  const fqdn = (n) => (n.endsWith('.') ? n : n + '.');
  const question = [{ name: fqdn(name), type: TYPES[type] ?? Number(type) }];
  const base = { TC: false, RD: true, RA: true, CD: cd, Question: question };
  const records = [];
  let current = name.toLowerCase().replace(/\.$/, '');
  let ad = true;
  for (let hops = 0; hops < 8; hops++) {
    const node = zone[current];
    if (!node) {
      return { Status: 3, AD: false, ...base, Answer: records.length ? records : undefined };
    }
    if (node.ad === false) ad = false;
    if (node.rcode === 'SERVFAIL' || (node.servfailUnlessCd && !cd)) {
      return { Status: 2, AD: false, ...base };
    }
    if (node.rcode === 'NXDOMAIN') return { Status: 3, AD: false, ...base };
    if (node.CNAME && type !== 'CNAME') {
      records.push({ name: fqdn(current), type: 5, TTL: 300, data: fqdn(node.CNAME) });
      current = node.CNAME.toLowerCase().replace(/\.$/, '');
      continue;
    }
    for (const value of node[type] ?? []) {
      let data;
      if (type === 'TXT') {
        const strings = Array.isArray(value) ? value : [value];
        data = provider === 'cloudflare' ? strings.map(quote).join(' ') : strings.join('');
      } else if (type === 'TLSA') {
        data = tlsaData(value, provider);
      } else if (type === 'MX') {
        data = `${value[0]} ${fqdn(value[1])}`;
      } else {
        data = value;
      }
      records.push({ name: fqdn(current), type: TYPES[type], TTL: 300, data });
    }
    const out = { Status: 0, AD: ad && !cd, ...base };
    if (records.length) out.Answer = records;
    return out;
  }
  return { Status: 2, AD: false, ...base };
}

/**
 * Routes both DoH providers to `zone`. `options.zones` gives a provider a zone of its own
 * (`{ cloudflare: otherZone }`: the providers disagree); `options.down` lists providers that
 * fail ('google' answers HTTP 503, say; 'abort' fails the connection, 'hang' never answers);
 * `options.delayMs` delays every answer, `options.delays` one provider's
 * (`{ cloudflare: 2000 }`); `log` collects every question asked as
 * { provider, name, type, cd }.
 */
export async function routeDns(context, zone, options = {}) {
  const log = [];
  const handler = (provider) => async (route) => {
    const url = new URL(route.request().url());
    const name = url.searchParams.get('name') ?? '';
    const typeParam = url.searchParams.get('type') ?? '';
    const type = TYPE_NAMES[Number(typeParam)] ?? typeParam.toUpperCase();
    const cd = url.searchParams.get('cd') === '1' || url.searchParams.get('cd') === 'true';
    log.push({ provider, name, type, cd });
    const delayMs = options.delays?.[provider] ?? options.delayMs;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const down = options.down?.[provider];
    if (down === 'hang') return; // never answered
    if (down === 'abort') return route.abort('connectionrefused');
    if (down) return route.fulfill({ status: down, body: 'unavailable' });
    if (provider === 'cloudflare' && route.request().headers()['accept'] !== 'application/dns-json') {
      return route.fulfill({ status: 400, body: 'need accept: application/dns-json' });
    }
    return route.fulfill({
      status: 200,
      contentType: provider === 'cloudflare' ? 'application/dns-json' : 'application/json',
      body: JSON.stringify(answer(options.zones?.[provider] ?? zone, provider, name, type, cd)),
    });
  };
  await context.route('https://dns.google/**', handler('google'));
  await context.route('https://cloudflare-dns.com/**', handler('cloudflare'));
  return log;
}

/**
 * Routes the policy host of `domain`. `reply` is a Playwright fulfil object ({ status,
 * headers, body }), 'abort' for a failed HTTPS connection, or 'hang' for no answer.
 */
export async function routePolicy(context, domain, reply, options = {}) {
  const hits = [];
  await context.route(`https://mta-sts.${domain}/**`, async (route) => {
    hits.push({ url: route.request().url(), mode: route.request().headers()['sec-fetch-mode'] });
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    if (reply === 'abort') return route.abort('connectionfailed');
    if (reply === 'hang') return; // never answered
    return route.fulfill(reply);
  });
  return hits;
}

/** A typical healthy zone for `domain`, to be varied by each scenario. */
export function healthyZone(domain, overrides = {}) {
  return {
    [domain]: { MX: [[10, `mx1.${domain}`], [20, `mx2.${domain}`]], TXT: ['v=spf1 mx -all'] },
    [`_mta-sts.${domain}`]: { TXT: ['v=STSv1; id=20240101T000000Z'] },
    [`_smtp._tls.${domain}`]: { TXT: [`v=TLSRPTv1; rua=mailto:tlsrpt@${domain}`] },
    [`mta-sts.${domain}`]: { A: ['192.0.2.10'], AAAA: ['2001:db8::10'] },
    ...overrides,
  };
}

export function policyReply(body, headers = {}) {
  return {
    status: 200,
    headers: { 'content-type': 'text/plain', 'access-control-allow-origin': '*', ...headers },
    body,
  };
}

export const ENFORCE_POLICY = (domain) =>
  `version: STSv1\nmode: enforce\nmx: mx1.${domain}\nmx: mx2.${domain}\nmax_age: 1209600\n`;
