import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled block on a settings or form page. */
export function Section({ title, lead, children, testId }: { title: string; lead?: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="lg" data-testid={testId}>
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={4}>{title}</Title>
          {lead ? (
            <Text size="sm" c="dimmed">
              {lead}
            </Text>
          ) : null}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}
