import type { DecodeResult } from './result.ts';
import type { DomainState } from './templates.ts';

const HALF = 0x80000000;

/**
 * Compares a header's sequence number with the one the domain expects and records the gap.
 * `units` is what this packet adds to the counter (v5 flows, v9 1 packet, IPFIX data records),
 * or -1 when unknown (an IPFIX data set without template): the next packet is then not judged.
 * All arithmetic is modulo 2^32, so the counter may wrap. A number up to 2^31 ahead is loss;
 * one behind (exporter restart, reordering) only resynchronises.
 */
export function checkSequence(d: DomainState, sequence: number, units: number, res: DecodeResult): void {
  if (d.sequenceKnown) {
    const delta = (sequence - d.nextSequence) >>> 0;
    if (delta !== 0) {
      if (delta < HALF) {
        d.lost += delta;
        d.gaps++;
        res.sequenceGap += delta;
      } else {
        d.resets++;
        res.sequenceReset = true;
      }
    }
  }
  if (units < 0) {
    d.sequenceKnown = false;
    return;
  }
  d.nextSequence = (sequence + units) >>> 0;
  d.sequenceKnown = true;
}
