import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A compact titled card for a detail page's side column. */
export function InfoCard({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Stack gap="sm">
        <Title order={4}>{title}</Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** Label / value rows ([label, value, test id?]). */
export function Facts({ rows, labelWidth = '36%' }: { rows: [string, ReactNode, string?][]; labelWidth?: string }) {
  return (
    <Table withRowBorders={false} verticalSpacing={4} layout="fixed">
      <Table.Tbody>
        {rows.map(([label, value, testId]) => (
          <Table.Tr key={label}>
            <Table.Td w={labelWidth} valign="top"><Text size="sm" c="dimmed">{label}</Text></Table.Td>
            <Table.Td data-testid={testId}><Text size="sm" component="div" style={{ wordBreak: 'break-word' }}>{value}</Text></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
