import { describe, expect, it } from 'vitest';
import type { FlowBatch } from '../flows/batch.ts';
import { createFlowFileReader, detectFlowFileFormat } from './index.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('flow file formats', () => {
  it('detects the format from the first bytes', () => {
    expect(detectFlowFileFormat(Uint8Array.from([0x0c, 0xa5, 2, 0]))).toBe('nfcapd');
    expect(detectFlowFileFormat(enc('#separator \\x09\n#set_separator\t,\n'))).toBe('zeek');
    expect(detectFlowFileFormat(enc('{"ts":1.5,"uid":"C1","id.orig_h":"10.0.0.1"}\n'))).toBe('zeek');
    expect(detectFlowFileFormat(enc('\uFEFF{"src":"10.0.0.1"}\n'))).toBe('jsonl');
    expect(detectFlowFileFormat(enc('[\n{\n\t"type" : "FLOW",\n'))).toBe('jsonl');
    expect(detectFlowFileFormat(enc('ts,te,td,sa,da\n'))).toBe('csv');
    expect(detectFlowFileFormat(enc('hello world\n'))).toBeUndefined();
    expect(detectFlowFileFormat(new Uint8Array(0))).toBeUndefined();
  });

  it('reads every format through one interface', () => {
    const inputs = {
      csv: 'src,dst,bytes\n10.0.0.1,10.0.0.2,5\n',
      jsonl: '{"src":"10.0.0.1","dst":"10.0.0.2","bytes":5}\n',
      zeek: '#separator \\x09\n#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\torig_ip_bytes\tresp_ip_bytes\n1714564800\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t2\t3\n',
    } as const;
    for (const [format, text] of Object.entries(inputs) as [keyof typeof inputs, string][]) {
      const got: FlowBatch[] = [];
      const r = createFlowFileReader(format, (b) => got.push(b));
      r.push(enc(text));
      expect(r.end(), format).toMatchObject({ format, flows: 1, complete: true });
      expect(got[0]!.bytes[0], format).toBe(5);
    }
    const nf = createFlowFileReader('nfcapd', () => {});
    nf.push('not nfdump');
    expect(nf.end().fatal?.message).toMatch(/^nfdump のファイルではありません（.*） \/ not an nfdump file/);
  });
});
