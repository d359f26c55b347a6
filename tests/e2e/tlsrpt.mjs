// TLS-RPT report files for the reports page's tests, built here: reports as JSON, gzip, zip
// (stored and deflated entries) and e-mail, the RFC 8460 example, and hostile files.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..',
  'crates', 'mta-sts', 'tests', 'fixtures', 'tlsrpt');
/** The RFC 8460 §4.5 example: company-y.example, 5326 successful, 303 failed sessions. */
export const RFC_JSON = fs.readFileSync(path.join(FIXTURES, 'rfc8460-example.json'));
export const RFC_EML = fs.readFileSync(path.join(FIXTURES, 'rfc8460-example.eml'));

const DAY = 86400;

/**
 * One report: `day` is days after 2026-11-23 (a Monday), `failures` are
 * [result-type, mx host, count, extra fields].
 */
export function report({ org = 'google.com', id, day = 0, domain = 'example.com', ok = 1000, mx = ['mx1.example.com', 'mx2.example.com'], failures = [], type = 'sts' }) {
  const start = Date.UTC(2026, 10, 23) / 1000 + day * DAY;
  const iso = (t) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
  const failed = failures.reduce((n, f) => n + f[2], 0);
  return JSON.stringify({
    'organization-name': org,
    'date-range': { 'start-datetime': iso(start), 'end-datetime': iso(start + DAY - 1) },
    'contact-info': `smtp-tls-reporting@${org}`,
    'report-id': id ?? `${iso(start)}_${domain}_${org}`,
    policies: [{
      policy: type === 'sts'
        ? {
          'policy-type': 'sts',
          'policy-string': ['version: STSv1', 'mode: enforce', ...mx.map((m) => `mx: ${m}`), 'max_age: 604800'],
          'policy-domain': domain,
          'mx-host': mx,
        }
        : { 'policy-type': type, 'policy-domain': domain },
      summary: { 'total-successful-session-count': ok, 'total-failure-session-count': failed },
      'failure-details': failures.map(([rt, host, count, extra = {}]) => ({
        'result-type': rt,
        'sending-mta-ip': extra.ip ?? '209.85.220.41',
        'receiving-mx-hostname': host,
        'receiving-ip': extra.rip ?? '192.0.2.25',
        'failed-session-count': count,
        ...(extra.code ? { 'failure-reason-code': extra.code } : {}),
        ...(extra.info ? { 'additional-information': extra.info } : {}),
      })),
    }],
  });
}

export const gzip = (data) => zlib.gzipSync(Buffer.from(data));

/** A zip archive; each entry [name, data, deflate?]. */
export function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const [name, text, deflate = true] of entries) {
    const data = Buffer.from(text);
    const stored = deflate ? zlib.deflateRawSync(data) : data;
    const nameBytes = Buffer.from(name);
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0); // version needed
    common.writeUInt16LE(0, 2); // flags
    common.writeUInt16LE(deflate ? 8 : 0, 4);
    common.writeUInt32LE(0x00210000, 6); // time, date
    common.writeUInt32LE(zlib.crc32(data), 10);
    common.writeUInt32LE(stored.length, 14);
    common.writeUInt32LE(data.length, 18);
    common.writeUInt16LE(nameBytes.length, 22);
    common.writeUInt16LE(0, 24); // extra
    const local = Buffer.concat([u32(0x04034b50), common, nameBytes, stored]);
    const entry = Buffer.concat([u32(0x02014b50), u16(20), common, Buffer.alloc(10), u32(offset), nameBytes]);
    parts.push(local);
    central.push(entry);
    offset += local.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length),
    u32(cd.length), u32(offset), u16(0)]);
  return Buffer.concat([...parts, cd, end]);
}

/** A report mail as a mail client saves it (.eml), the report gzipped and base64-encoded. */
export function eml(json, filename = 'report.json.gz') {
  const b64 = gzip(json).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from([
    'From: noreply-smtp-tls-reporting@google.com',
    'To: tlsrpt@example.com',
    'Subject: Report Domain: example.com Submitter: google.com',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type="tlsrpt"; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is an aggregate TLS report from google.com',
    '--b1',
    `Content-Type: application/tlsrpt+gzip; name="${filename}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${filename}"`,
    '',
    b64,
    '--b1--',
    '',
  ].join('\r\n'));
}

/** A gzip file that inflates to 60 MB of zeros: over the 50 MB limit. */
export const gzipBomb = () => zlib.gzipSync(Buffer.alloc(60_000_000), { level: 9 });

function u16(n) { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; }
function u32(n) { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; }

/**
 * A week of reports for example.com as they come in: Google and Microsoft daily, one
 * mail each (.eml, .json.gz, .zip), a host missing from the policy failing validation from
 * Wednesday, an expired certificate for a day.
 */
export function realisticWeek() {
  const files = [];
  for (let day = 0; day < 7; day++) {
    const failures = [];
    if (day >= 2) {
      failures.push(['validation-failure', 'mx3.example.com', 40 + day * 7,
        { ip: '209.85.220.41', code: 'mx-not-in-policy' }]);
    }
    if (day === 4) {
      failures.push(['certificate-expired', 'mx2.example.com', 112,
        { ip: '209.85.220.69', rip: '192.0.2.26', info: 'certificate expired 2026-11-27T00:00:00Z' }]);
    }
    const google = report({ org: 'google.com', day, ok: 1800 + day * 37, failures });
    files.push({ name: `google.com!example.com!${day}.eml`, buffer: eml(google, `google.com!example.com!${day}.json.gz`) });
    const msFailures = day >= 2 ? [['validation-failure', 'mx3.example.com', 11 + day, { ip: '40.107.22.53' }]] : [];
    const microsoft = report({ org: 'Microsoft Corporation', day, ok: 640 + day * 11, failures: msFailures });
    files.push(day % 2
      ? { name: `microsoft.com!example.com!${day}.json.gz`, buffer: gzip(microsoft) }
      : { name: `microsoft.com!example.com!${day}.zip`, buffer: zip([[`report-${day}.json`, microsoft]]) });
  }
  return files;
}
