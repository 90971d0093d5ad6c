/**
 * Changing the TLP label of a published shared report. Labels are ordered from the widest audience to the
 * narrowest (CLEAR < GREEN < AMBER < AMBER+STRICT < RED). Tightening protects the originator and may be done
 * by the originator's security staff or by the consortium operator; loosening hands the originator's
 * information to more readers, so only the originator may do it. Pure logic: the service supplies who asks.
 */
import { TLP_LABELS, type Tlp } from './rules.ts';

export type TlpDirection = 'tighten' | 'loosen' | 'same';

/** 0 (CLEAR) … 4 (RED). */
export function tlpRank(tlp: Tlp): number {
  const i = TLP_LABELS.indexOf(tlp);
  if (i < 0) throw new RangeError(`unknown TLP label: ${String(tlp)}`);
  return i;
}

export function tlpDirection(from: Tlp, to: Tlp): TlpDirection {
  const d = tlpRank(to) - tlpRank(from);
  return d > 0 ? 'tighten' : d < 0 ? 'loosen' : 'same';
}

export interface TlpChanger {
  /** The originating institution's CSIRT, CISO or administrator. */
  originator: boolean;
  /** The consortium operator or administrator. */
  operator: boolean;
}

export interface TlpChangeRefusal {
  kind: 'conflict' | 'forbidden' | 'validation';
  message: string;
}

/** Why a change is refused, or null when it may go ahead. The reason is required (at least 5 characters). */
export function checkTlpChange(from: Tlp, to: Tlp, who: TlpChanger, reason: string): TlpChangeRefusal | null {
  const direction = tlpDirection(from, to);
  if (direction === 'same') return { kind: 'conflict', message: `この共有報告はすでに TLP:${to} です / the report is already TLP:${to}` };
  if (direction === 'loosen' && !who.originator) {
    return { kind: 'forbidden', message: '公開範囲を広げる（TLP を緩める）ことができるのは報告機関だけです / only the reporting institution may loosen the TLP label' };
  }
  if (!who.originator && !who.operator) return { kind: 'forbidden', message: 'TLP を変更する権限がありません / you may not change the TLP label' };
  if (reason.trim().length < 5) return { kind: 'validation', message: '変更の理由を 5 文字以上で書いてください / state the reason (at least 5 characters)' };
  return null;
}
