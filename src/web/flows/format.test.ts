import { describe, expect, it } from 'vitest';
import { formatBytes, isOverdue } from './format.ts';

describe('flow alert figures', () => {
  it('writes volumes in decimal units, as exporters count', () => {
    expect(formatBytes(180)).toBe('180 B');
    expect(formatBytes(2_400_000)).toBe('2.4 MB');
    expect(formatBytes(54_000)).toBe('54 KB');
    expect(formatBytes(3_200_000_000)).toBe('3.2 GB');
  });

  it('calls an alert overdue only while it waits for acknowledgement past its deadline', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(isOverdue({ status: 'received', ackDeadline: '2026-11-24T11:59:00Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'received', ackDeadline: '2026-11-24T12:01:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'acknowledged', ackDeadline: '2026-11-24T11:00:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'review', ackDeadline: null }, now)).toBe(false);
  });
});
