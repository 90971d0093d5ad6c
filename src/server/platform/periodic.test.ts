import pino from 'pino';
import { expect, it } from 'vitest';
import type { Deps } from './deps.ts';
import { PeriodicRunner } from './periodic.ts';

const deps = { log: pino({ level: 'silent' }) } as unknown as Deps;

it('counts the work of a pass and keeps going after a failing one', async () => {
  let calls = 0;
  const runner = new PeriodicRunner(deps, {
    name: 'test', intervalMs: 1000, empty: [] as string[], count: (r) => r.length,
    run: async () => {
      calls++;
      if (calls === 2) throw new Error('database gone');
      return ['a', 'b'];
    },
  });
  expect(await runner.runOnce()).toEqual(['a', 'b']);
  expect(await runner.runOnce()).toEqual([]);
  expect(await runner.runOnce()).toEqual(['a', 'b']);
  expect({ passes: runner.passes, done: runner.done, errors: runner.errors }).toEqual({ passes: 2, done: 4, errors: 1 });
});

it('never starts a pass while one is running, and stop waits for it', async () => {
  let running = 0;
  let most = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const runner = new PeriodicRunner(deps, {
    name: 'slow', intervalMs: 5, empty: 0, count: () => 0,
    run: async () => {
      running++;
      most = Math.max(most, running);
      await gate;
      running--;
      return 0;
    },
  }, 5);
  runner.start();
  await new Promise((r) => setTimeout(r, 60));
  const stopped = runner.stop();
  release();
  await stopped;
  expect(most).toBe(1);
  expect(running).toBe(0);
  expect(runner.passes).toBe(1);
});
