import { Anchor, Code, Group, SimpleGrid, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/datetime.ts';
import type { AuditEntry } from './api.ts';

function prettyChanges(changes: unknown): string {
  let value = changes;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return value as string;
    }
  }
  return JSON.stringify(value ?? {}, null, 2);
}

function Details({ e, onActor }: { e: AuditEntry; onActor: (id: string) => void }) {
  const { t } = useTranslation();
  const line = (label: string, value: string | null) => (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="xs" c="dimmed" w={110} style={{ flexShrink: 0 }}>{label}</Text>
      <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>{value ?? '—'}</Text>
    </Group>
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} p="sm" data-testid="audit-details">
      <Stack gap={4}>
        <Text size="sm" fw={600}>{t('audit.changes')}</Text>
        <Code block style={{ maxHeight: 320, overflow: 'auto' }}>{prettyChanges(e.changes)}</Code>
      </Stack>
      <Stack gap={4}>
        {line(t('audit.seq'), String(e.seq))}
        {line(t('audit.at'), formatDateTime(e.at, true))}
        {line(t('audit.object'), `${e.objectType}${e.objectId ? ` / ${e.objectId}` : ''}`)}
        {line(t('audit.ip'), e.ip)}
        {line(t('audit.hash'), e.hash)}
        {line(t('audit.prevHash'), e.prevHash)}
        {e.actorUserId ? (
          <Group>
            <Anchor size="xs" component="button" type="button" onClick={() => onActor(e.actorUserId ?? '')}>
              {t('audit.filterByActor')}
            </Anchor>
          </Group>
        ) : null}
      </Stack>
    </SimpleGrid>
  );
}

export function AuditTable({ items, onActor }: { items: AuditEntry[]; onActor: (id: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (seq: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table withTableBorder bg="white" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={28} />
            <Table.Th w={150}>{t('audit.at')}</Table.Th>
            <Table.Th>{t('audit.actor')}</Table.Th>
            <Table.Th>{t('audit.action')}</Table.Th>
            <Table.Th>{t('audit.object')}</Table.Th>
            <Table.Th>{t('audit.ip')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => {
            const expanded = open.has(e.seq);
            return (
              <Fragment key={e.seq}>
                <Table.Tr onClick={() => toggle(e.seq)} style={{ cursor: 'pointer' }} data-testid="audit-row">
                  <Table.Td>
                    <UnstyledButton aria-expanded={expanded} aria-label={t('audit.details')}>
                      <Text size="xs" c="dimmed">{expanded ? '▼' : '▶'}</Text>
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td><Text size="sm">{formatDateTime(e.at)}</Text></Table.Td>
                  <Table.Td><Text size="sm">{e.actorLabel === 'system' ? t('audit.system') : e.actorLabel}</Text></Table.Td>
                  <Table.Td><Code>{e.action}</Code></Table.Td>
                  <Table.Td><Text size="sm">{e.objectType}</Text></Table.Td>
                  <Table.Td><Text size="sm" ff="monospace">{e.ip ?? '—'}</Text></Table.Td>
                </Table.Tr>
                {expanded ? (
                  <Table.Tr>
                    <Table.Td colSpan={6} p={0} bg="gray.0">
                      <Details e={e} onActor={onActor} />
                    </Table.Td>
                  </Table.Tr>
                ) : null}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
