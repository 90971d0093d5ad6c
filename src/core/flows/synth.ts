/**
 * Builders for synthetic NetFlow v9 and IPFIX packets, for tests and benchmarks (and to
 * replay crafted edge cases): a template is a field list, a record a list of values encoded
 * big-endian at the field's length. Not used by the decoder.
 */

export interface FieldSpec {
  id: number;
  length: number;
  /** IPFIX Private Enterprise Number (sets the enterprise bit). */
  enterprise?: number;
}

/** A number (any length 1-8), an IPv4/IPv6 address text, raw bytes, or a string (variable length). */
export type Value = number | string | Uint8Array;

class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(x: number): this {
    this.room(1);
    this.view.setUint8(this.length++, x);
    return this;
  }

  u16(x: number): this {
    this.room(2);
    this.view.setUint16(this.length, x);
    this.length += 2;
    return this;
  }

  u32(x: number): this {
    this.room(4);
    this.view.setUint32(this.length, x >>> 0);
    this.length += 4;
    return this;
  }

  /** Unsigned integer in `len` bytes, big-endian (exact up to 2^53). */
  uint(x: number, len: number): this {
    for (let i = len - 1; i >= 0; i--) this.u8(Math.floor(x / 2 ** (8 * i)) % 256);
    return this;
  }

  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  pad(to: number): this {
    while (this.length % to) this.u8(0);
    return this;
  }

  u16At(pos: number, x: number): void {
    this.view.setUint16(pos, x);
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** IPv4 dotted quad or IPv6 text to bytes. */
export function addressBytes(text: string): Uint8Array {
  if (text.includes('.') && !text.includes(':')) return Uint8Array.from(text.split('.').map(Number));
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const x = parseInt(g, 16);
    out[2 * i] = x >> 8;
    out[2 * i + 1] = x & 255;
  });
  return out;
}

/** One data record in a template's layout. */
export function record(fields: readonly FieldSpec[], values: readonly Value[]): Uint8Array {
  const w = new Writer();
  fields.forEach((f, i) => {
    const x = values[i] ?? 0;
    if (f.length === 65535) {
      const b = typeof x === 'string' ? new TextEncoder().encode(x) : x instanceof Uint8Array ? x : new Uint8Array(0);
      if (b.length < 255) w.u8(b.length);
      else w.u8(255).u16(b.length);
      w.bytes(b);
    } else if (typeof x === 'number') {
      w.uint(x, f.length);
    } else {
      const b = typeof x === 'string' ? addressBytes(x) : x;
      const fit = new Uint8Array(f.length);
      fit.set(b.subarray(0, f.length));
      w.bytes(fit);
    }
  });
  return w.done();
}

function set(id: number, body: (w: Writer) => void, padTo = 4): Uint8Array {
  const w = new Writer();
  w.u16(id).u16(0);
  body(w);
  w.pad(padTo);
  w.u16At(2, w.length);
  return w.done();
}

function fieldSpecs(w: Writer, fields: readonly FieldSpec[], ipfix: boolean): void {
  for (const f of fields) {
    if (ipfix && f.enterprise !== undefined) w.u16(f.id | 0x8000).u16(f.length).u32(f.enterprise);
    else w.u16(f.id).u16(f.length);
  }
}

export interface TemplateSpec {
  id: number;
  fields: readonly FieldSpec[];
}

/** v9 template flowset (id 0). */
export function v9TemplateSet(templates: readonly TemplateSpec[]): Uint8Array {
  return set(0, (w) => {
    for (const t of templates) {
      w.u16(t.id).u16(t.fields.length);
      fieldSpecs(w, t.fields, false);
    }
  });
}

/** v9 options template flowset (id 1): scope fields use v9 scope types (1 = system). */
export function v9OptionsTemplateSet(id: number, scope: readonly FieldSpec[], options: readonly FieldSpec[]): Uint8Array {
  return set(1, (w) => {
    w.u16(id).u16(scope.length * 4).u16(options.length * 4);
    fieldSpecs(w, scope, false);
    fieldSpecs(w, options, false);
  });
}

/** IPFIX template set (id 2); a template with no field withdraws that id. */
export function ipfixTemplateSet(templates: readonly TemplateSpec[]): Uint8Array {
  return set(2, (w) => {
    for (const t of templates) {
      w.u16(t.id).u16(t.fields.length);
      fieldSpecs(w, t.fields, true);
    }
  });
}

/** IPFIX options template set (id 3): the first `scopeCount` fields are scope fields. */
export function ipfixOptionsTemplateSet(id: number, scopeCount: number, fields: readonly FieldSpec[]): Uint8Array {
  return set(3, (w) => {
    w.u16(id).u16(fields.length).u16(scopeCount);
    fieldSpecs(w, fields, true);
  });
}

/** A data set of already encoded records, padded to 4 bytes. */
export function dataSet(templateId: number, records: readonly Uint8Array[]): Uint8Array {
  return set(templateId, (w) => {
    for (const r of records) w.bytes(r);
  });
}

export interface V9Header {
  sysUptimeMs: number;
  unixSecs: number;
  sequence: number;
  sourceId: number;
}

export function v9Packet(h: V9Header, sets: readonly Uint8Array[]): Uint8Array {
  const w = new Writer();
  w.u16(9).u16(sets.length).u32(h.sysUptimeMs).u32(h.unixSecs).u32(h.sequence).u32(h.sourceId);
  for (const s of sets) w.bytes(s);
  return w.done();
}

export interface IpfixHeader {
  exportSecs: number;
  sequence: number;
  domain: number;
}

export function ipfixPacket(h: IpfixHeader, sets: readonly Uint8Array[]): Uint8Array {
  const w = new Writer();
  w.u16(10).u16(0).u32(h.exportSecs).u32(h.sequence).u32(h.domain);
  for (const s of sets) w.bytes(s);
  w.u16At(2, w.length);
  return w.done();
}

export interface V5Flow {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  proto: number;
  tcpFlags?: number;
  packets: number;
  bytes: number;
  /** sysUptime ms at the first and last packet. */
  first: number;
  last: number;
}

export interface V5Header {
  sysUptimeMs: number;
  unixSecs: number;
  unixNsecs?: number;
  sequence: number;
  engineType?: number;
  engineId?: number;
  /** The 16-bit sampling field: 2-bit mode, 14-bit interval. */
  sampling?: number;
}

export function v5Packet(h: V5Header, flows: readonly V5Flow[]): Uint8Array {
  const w = new Writer();
  w.u16(5).u16(flows.length).u32(h.sysUptimeMs).u32(h.unixSecs).u32(h.unixNsecs ?? 0).u32(h.sequence);
  w.u8(h.engineType ?? 0).u8(h.engineId ?? 0).u16(h.sampling ?? 0);
  for (const f of flows) {
    w.bytes(addressBytes(f.src)).bytes(addressBytes(f.dst)).u32(0).u16(0).u16(0);
    w.u32(f.packets).u32(f.bytes).u32(f.first).u32(f.last).u16(f.srcPort).u16(f.dstPort);
    w.u8(0).u8(f.tcpFlags ?? 0).u8(f.proto).u8(0).u16(0).u16(0).u8(0).u8(0).u16(0);
  }
  return w.done();
}
