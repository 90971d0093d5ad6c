import { Button, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Section } from '../../components/Section.tsx';
import { useSignOut } from '../hooks.ts';
import { MfaSection } from './MfaSection.tsx';
import { NotificationsSection } from './NotificationsSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { ProfileSection } from './ProfileSection.tsx';
import { TokensSection } from './TokensSection.tsx';

function SessionsSection() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Section title={t('settings.sessions')} lead={t('settings.signOutAllLead')}>
      <div>
        <Button variant="default" color="red" onClick={() => setConfirming(true)}>{t('settings.signOutAll')}</Button>
      </div>
      <ConfirmModal
        opened={confirming}
        title={t('settings.signOutAll')}
        message={t('settings.signOutAllConfirm')}
        confirmLabel={t('settings.signOutAll')}
        danger
        loading={busy}
        onConfirm={() => {
          setBusy(true);
          void signOut(true);
        }}
        onClose={() => setConfirming(false)}
      />
    </Section>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack maw={960}>
      <PageHeader title={t('settings.title')} />
      <ProfileSection />
      <PasswordSection />
      <MfaSection />
      <SessionsSection />
      <NotificationsSection />
      <TokensSection />
    </Stack>
  );
}
