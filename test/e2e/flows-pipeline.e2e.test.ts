import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v5Packet } from '../../src/core/flows/synth.ts';
import { type E2E, screenshot, signInWithNewMfa, startE2E } from './support/harness.ts';

let e2e: E2E;

beforeAll(async () => {
  // A live collector on a free UDP port of 127.0.0.1, matching against the demo's indicators.
  e2e = await startE2E({ RENKEI_COLLECTOR_PORT: '0' });
});
afterAll(async () => {
  await e2e?.close();
});

async function send(port: number, packet: Uint8Array): Promise<void> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => socket.send(packet, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  socket.close();
}

describe('the operator watches the live flow pipeline', () => {
  it('shows the collector listening and the matcher built; a NetFlow v5 packet with a C2 contact shows up as received, matched and alerted', async () => {
    const { page } = await signInWithNewMfa(e2e, 'operator@soc.renkei.example');
    await page.getByTestId('nav-flows-pipeline').click();
    await page.waitForURL((u) => u.pathname === '/flows/pipeline');
    expect(await page.getByTestId('pipeline-state').textContent()).toBe('稼働中');
    // The matcher is built from the demo's indicator sources (addresses and ranges).
    await page.getByTestId('pipeline-rebuilt').waitFor();
    expect(await page.getByTestId('pipeline-indicators').textContent()).toMatch(/^アドレス・範囲 [1-9]/);
    const listen = (await page.getByTestId('pipeline-listen').textContent())!;
    const port = Number(/:(\d+)$/.exec(listen)![1]);
    expect(port).toBeGreaterThan(0);

    // An exporter sends one v5 packet: さくら's host talks to the demo C2 over an established session, and one ordinary flow.
    const now = Math.floor(Date.now() / 1000);
    await send(port, v5Packet({ sysUptimeMs: 100_000, unixSecs: now, sequence: 0 }, [
      { src: '192.0.2.21', dst: '198.18.0.11', srcPort: 51_000, dstPort: 443, proto: 6, tcpFlags: 0x1b, packets: 1200, bytes: 1_800_000, first: 60_000, last: 99_000 },
      { src: '192.0.2.22', dst: '203.0.113.9', srcPort: 52_000, dstPort: 443, proto: 6, tcpFlags: 0x1b, packets: 10, bytes: 4_000, first: 90_000, last: 99_000 },
    ]));

    // The page refreshes by itself.
    await expect.poll(async () => page.getByTestId('pipeline-packets').textContent(), { timeout: 20_000 }).toBe('1');
    await expect.poll(async () => page.getByTestId('pipeline-flows-matched').textContent(), { timeout: 20_000 }).toBe('2');
    await expect.poll(async () => page.getByTestId('pipeline-sightings').textContent(), { timeout: 20_000 }).toBe('1');
    await expect.poll(async () => page.getByTestId('pipeline-alerts').textContent(), { timeout: 20_000 }).toMatch(/^新規 1・更新 0・即時通知 1$/);
    expect(await page.getByTestId('pipeline-losses').count()).toBe(0);
    await screenshot(page, 'flows-pipeline');

    // The urgent alert is in the list, already sent to the institution.
    await page.goto('/flows/alerts');
    await page.getByText('192.0.2.21').first().waitFor();
  });
});
