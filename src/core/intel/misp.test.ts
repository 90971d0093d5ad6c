import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMispEvent, parseMispFeed } from './misp.ts';

const FEED_DIR = path.resolve(import.meta.dirname, '../../../../shared/fixtures/misp-feed');
const haveFeed = fs.existsSync(path.join(FEED_DIR, 'manifest.json'));

// An event written for these tests (documentation addresses, invented uuids).
const EVENT = {
  Event: {
    uuid: '5f0c2a1e-0000-4000-8000-000000000001',
    info: 'Phishing wave against university webmail',
    date: '2026-11-20',
    threat_level_id: '1',
    Orgc: { name: 'Consortium SOC' },
    Tag: [{ name: 'tlp:amber' }, { name: 'type:OSINT' }],
    Attribute: [
      { type: 'ip-dst', value: '198.51.100.80', to_ids: true, category: 'Network activity', uuid: 'a-1', timestamp: '1795000000', comment: 'C2 server' },
      { type: 'domain', value: 'WebMail-Login.Example', to_ids: true, uuid: 'a-2', Tag: [{ name: 'tlp:green' }, { name: 'phishing' }] },
      { type: 'ip-dst|port', value: '2001:db8:66::5|8443', to_ids: true, uuid: 'a-3' },
      { type: 'domain|ip', value: 'cdn.bad.example|203.0.113.9', to_ids: true, uuid: 'a-4' },
      { type: 'url', value: 'https://webmail-login.example/owa/', to_ids: true, uuid: 'a-5', category: 'Payload delivery' },
      { type: 'sha256', value: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855', to_ids: true, uuid: 'a-6' },
      { type: 'ip-src', value: '192.0.2.300', to_ids: true, uuid: 'a-7' },
      { type: 'ip-dst', value: '192.0.2.1', to_ids: false, uuid: 'a-8' },
      { type: 'text', value: 'free text', to_ids: false },
      { type: 'comment', value: 'note', to_ids: true },
      { type: 'ip-dst', value: '192.0.2.2', to_ids: true, deleted: true },
      { type: 'ip-dst|port', value: '192.0.2.3', to_ids: true },
      'not an object',
    ],
    Object: [
      {
        name: 'file',
        Attribute: [
          { type: 'filename', value: 'invoice.pdf.exe', to_ids: false },
          { type: 'md5', value: '44d88612fea8a8f36de82e1278abb02f', to_ids: true, uuid: 'o-1', first_seen: '2026-11-19T10:00:00Z' },
        ],
      },
    ],
  },
};

describe('MISP events', () => {
  const r = parseMispEvent(JSON.stringify(EVENT));

  it('takes IDS attributes of matchable types, from attributes and objects', () => {
    expect(r.indicators.map((i) => [i.type, i.value])).toEqual([
      ['ipv4', '198.51.100.80'],
      ['domain', 'webmail-login.example'],
      ['ipv6', '2001:db8:66::5'],
      ['domain', 'cdn.bad.example'],
      ['ipv4', '203.0.113.9'],
      ['url', 'https://webmail-login.example/owa/'],
      ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
      ['md5', '44d88612fea8a8f36de82e1278abb02f'],
    ]);
  });

  it('carries TLP (attribute before event), tags, confidence from threat level, times and ids', () => {
    expect(r.indicators[0]).toEqual({
      type: 'ipv4', value: '198.51.100.80', confidence: 85, firstSeen: '2026-11-18T11:06:40.000Z', tlp: 'AMBER', source: 'Consortium SOC',
      externalId: 'a-1', description: 'C2 server', category: 'c2', tags: ['type:OSINT'],
    });
    expect(r.indicators[1]).toMatchObject({ tlp: 'GREEN', category: 'phishing', tags: ['type:OSINT', 'phishing'], description: 'Phishing wave against university webmail' });
    expect(r.indicators[2]?.tags).toContain('port:8443');
    expect(r.indicators[5]?.category).toBe('malware-distribution');
    expect(r.indicators[7]).toMatchObject({ firstSeen: '2026-11-19T10:00:00.000Z', tags: ['type:OSINT', 'misp-object:file'] });
  });

  it('reports malformed attributes by position and summarises what was left out', () => {
    expect(r.errors).toEqual([
      { position: 'Event.Attribute[6]', message: "'192.0.2.300' is not a valid IPv4 or IPv6 address" },
      { position: 'Event.Attribute[11]', message: "'192.0.2.3' is not of the form ip-dst|port" },
      { position: 'Event.Attribute[12]', message: 'attribute is not an object' },
    ]);
    expect(r.warnings).toEqual([
      { message: '3 attribute(s) without the to_ids flag left out' },
      { message: 'attribute types not matched by Renkei left out: comment (1)' },
    ]);
  });

  it('takes non-IDS attributes when asked', () => {
    const all = parseMispEvent(EVENT, { includeNonIds: true });
    expect(all.indicators.map((i) => i.value)).toContain('192.0.2.1');
    expect(all.warnings[0]?.message).toMatch(/filename \(1\)/);
  });

  it('says what is wrong with input that is not an event', () => {
    expect(parseMispEvent('{').errors[0]?.message).toMatch(/not valid JSON/);
    expect(parseMispEvent({ foo: 1 }).errors).toEqual([{ message: 'not a MISP event (no "Event" object)' }]);
  });
});

describe('MISP feeds', () => {
  it('reports an event listed in the manifest whose file is missing', () => {
    const manifest = { 'e-1': { info: 'one' }, 'e-2': { info: 'two' } };
    const r = parseMispFeed(manifest, new Map([['e-1', JSON.stringify(EVENT)]]));
    expect(r.indicators).toHaveLength(8);
    expect(r.errors.at(-1)).toEqual({ position: 'manifest.json e-2', message: 'event file e-2.json is missing' });
    expect(r.errors[0]?.position).toBe('e-1.json Event.Attribute[6]');
  });

  it.skipIf(!haveFeed)('reads the real MISP test feed (../shared/fixtures/misp-feed): its one attribute is a non-IDS link', () => {
    const manifest = fs.readFileSync(path.join(FEED_DIR, 'manifest.json'), 'utf8');
    const events: Record<string, string> = {};
    for (const uuid of Object.keys(JSON.parse(manifest) as object)) {
      const file = path.join(FEED_DIR, `${uuid}.json`);
      if (fs.existsSync(file)) events[uuid] = fs.readFileSync(file, 'utf8');
    }
    const r = parseMispFeed(manifest, events);
    expect(r.errors).toEqual([]);
    expect(r.indicators).toEqual([]);
    expect(r.warnings).toEqual([{ position: '56bf399d-c46c-4fdb-a9cf-d9bb02de0b81.json', message: '1 attribute(s) without the to_ids flag left out' }]);
    // Even with non-IDS attributes, a "link" (a reference, not an observable) is not an indicator.
    const all = parseMispFeed(manifest, events, { includeNonIds: true });
    expect(all.indicators).toEqual([]);
    expect(all.warnings[0]?.message).toBe('attribute types not matched by Renkei left out: link (1)');
  });
});
