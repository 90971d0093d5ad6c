import { Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from './ErrorAlert.tsx';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" aria-busy="true">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed" size="sm">
          {label ?? t('common.loading')}
        </Text>
      </Group>
    </Center>
  );
}

/** An empty list: say so plainly, and offer the next step when there is one. */
export function EmptyState({ message, action }: { message: string; action?: ReactNode }) {
  return (
    <Paper withBorder p="xl" radius="md" data-testid="empty-state">
      <Stack align="center" gap="sm">
        <Text c="dimmed">{message}</Text>
        {action}
      </Stack>
    </Paper>
  );
}

/** A failed query: the error and a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <ErrorAlert error={error} title={t('states.errorTitle')} />
      {onRetry ? (
        <Group>
          <Button variant="default" size="xs" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack align="center" py="xl">
      <Title order={2}>{t('states.notFound')}</Title>
      <Text c="dimmed">{t('states.notFoundLead')}</Text>
      <Button component={Link} to="/" variant="light">
        {t('states.goHome')}
      </Button>
    </Stack>
  );
}
