import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve('bin/renkei.js');

async function renkei(args: string[], input?: string) {
  const child = run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });
  child.child.stdin?.end(input ?? '');
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('renkei redact', () => {
  let dir: string;
  let profile: string;
  const report = '🔴 東和大学の山田太郎さん（t-yamada@towa-u.example、内線 2215）が 192.0.2.5 から攻撃元 203.0.113.9 へ接続。CVE-2024-3400。\n';

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-redact-'));
    profile = path.join(dir, 'profile.json');
    fs.writeFileSync(profile, JSON.stringify({ name: '東和大学', aliases: ['Towa University'], domains: ['towa-u.example'], prefixes: ['192.0.2.0/25'] }));
    fs.writeFileSync(path.join(dir, 'report.txt'), report);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the proposals as JSON with UTF-16 offsets', async () => {
    const { code, stdout, stderr } = await renkei(['redact', '--profile', profile, path.join(dir, 'report.txt')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const spans = JSON.parse(stdout) as { start: number; end: number; text: string; kind: string }[];
    expect(spans.map((s) => [s.kind, s.text])).toEqual([
      ['institution', '東和大学'],
      ['person', '山田太郎'],
      ['email', 't-yamada@towa-u.example'],
      ['phone', '2215'],
      ['ip', '192.0.2.5'],
    ]);
    for (const s of spans) expect(report.slice(s.start, s.end)).toBe(s.text);
    expect(spans[0]).toMatchObject({ start: 3, end: 7 });
  });

  it('reads standard input and prints the redacted text with --apply', async () => {
    const { code, stdout } = await renkei(['redact', '--profile', profile, '--apply'], report);
    expect(code).toBe(0);
    expect(stdout).toBe('🔴 ［機関名］の［氏名］さん（［メール］、内線 ［電話番号］）が ［IPアドレス］ から攻撃元 203.0.113.9 へ接続。CVE-2024-3400。\n');
  });

  it('uses a member directory and English labels', async () => {
    const directory = path.join(dir, 'directory.json');
    fs.writeFileSync(directory, JSON.stringify({ names: ['四ツ谷 凛々子'], emails: ['rinrin@gmail.example'] }));
    const { code, stdout } = await renkei(['redact', '--profile', profile, '--directory', directory, '--apply', '--labels', 'en'], '四ツ谷 凛々子 (rinrin@gmail.example)');
    expect(code).toBe(0);
    expect(stdout).toBe('[NAME] ([EMAIL])');
  });

  it('refuses bad input with a clear message and exit code 2, printing nothing', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"name": "東和大学", "prefixes": ["192.0.2.0/33"]}');
    const notJson = path.join(dir, 'not.json');
    fs.writeFileSync(notJson, 'name: 東和大学');
    const cases: [string[], RegExp][] = [
      [['redact', path.join(dir, 'report.txt')], /--profile/],
      [['redact', '--profile', path.join(dir, 'missing.json')], /ファイルが見つかりません/],
      [['redact', '--profile', notJson], /JSON として読めません/],
      [['redact', '--profile', bad], /アドレスプレフィックスとして読めません.*192\.0\.2\.0\/33/],
      [['redact', '--profile', profile, path.join(dir, 'nope.txt')], /報告.*ファイルが見つかりません/],
      [['redact', '--profile', profile, dir], /ファイルではありません/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await renkei(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    }
  });
});
