import { Anchor, Button, FileInput, Group, Paper, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { type Incident, evidenceUrl, incidentsApi, useIncidentMutation } from './api.ts';
import { formatSize } from './format.ts';

/** Evidence files: upload through the shared upload helper, download with the server's file name; SHA-256 kept. */
export function EvidencePanel({ incident: i }: { incident: Incident }) {
  const { t } = useTranslation();
  const closed = i.status === 'closed';
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState('');
  const add = useIncidentMutation(i.id, (f: File) => incidentsApi.addEvidence(i.id, f, note.trim() || undefined), () => {
    notifications.show({ message: t('incidents.evidence.uploaded'), color: 'teal' });
    setFile(null);
    setNote('');
  });
  return (
    <Stack>
      <Paper withBorder p="md" radius="md">
        <Text size="sm" c="dimmed" mb="sm">{t('incidents.evidence.lead')}</Text>
        {i.evidence.length === 0 ? <Text size="sm" c="dimmed">{t('incidents.evidence.empty')}</Text> : (
          <Table.ScrollContainer minWidth={620}>
            <Table data-testid="evidence-table" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('incidents.evidence.file')}</Table.Th>
                  <Table.Th w={90}>{t('incidents.evidence.size')}</Table.Th>
                  <Table.Th w={150}>{t('incidents.evidence.by')}</Table.Th>
                  <Table.Th w={140}>{t('incidents.evidence.at')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {i.evidence.map((e) => (
                  <Table.Tr key={e.id} data-testid="evidence-row" data-filename={e.filename}>
                    <Table.Td>
                      <Tooltip label={`SHA-256: ${e.sha256}`}>
                        <Anchor href={evidenceUrl(i.id, e.id)} download={e.filename} size="sm" data-testid="evidence-download">{e.filename}</Anchor>
                      </Tooltip>
                      {e.note ? <Text size="xs" c="dimmed">{e.note}</Text> : null}
                      <Text size="xs" c="dimmed" ff="monospace">SHA-256 {e.sha256.slice(0, 16)}…</Text>
                    </Table.Td>
                    <Table.Td><Text size="sm">{formatSize(e.size)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{e.by?.name ?? '—'}</Text></Table.Td>
                    <Table.Td><Text size="sm">{formatDateTime(e.createdAt)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {closed ? null : (
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <Group align="flex-end" gap="sm" wrap="wrap">
              <FileInput label={t('incidents.evidence.file')} value={file} onChange={setFile} clearable w={300} data-testid="evidence-file" />
              <TextInput label={t('incidents.evidence.note')} value={note} maxLength={2000} onChange={(e) => setNote(e.currentTarget.value)} style={{ flex: 1, minWidth: 200 }} data-testid="evidence-note" />
              <Button disabled={!file} loading={add.isPending} onClick={() => file && add.mutate(file)} data-testid="evidence-upload">{t('incidents.evidence.upload')}</Button>
            </Group>
            <ErrorAlert error={add.error} />
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
