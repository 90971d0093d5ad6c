import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** The centred card used before the full session exists: sign-in, MFA, invitations. */
export function AuthLayout({ title, children, width = 420 }: { title: string; children: ReactNode; width?: number }) {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="gray.0" py={48} px="md">
      <Center>
        <Stack w="100%" maw={width} gap="lg">
          <Group justify="space-between" align="flex-end">
            <Stack gap={0}>
              <Text fw={700} size="xl" c="indigo.8">
                {t('app.name')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('app.tagline')}
              </Text>
            </Stack>
            <LanguageSwitch />
          </Group>
          <Paper withBorder shadow="sm" radius="md" p="xl">
            <Title order={3} mb="md">
              {title}
            </Title>
            {children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
