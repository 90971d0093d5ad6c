import { Alert, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useInstitutions } from '../flows/shared.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { intelApi } from './api.ts';
import { RequireIntel } from './RequireIntel.tsx';

/** アドレス検索: which member's registered prefix holds an address (the most specific one). */
function LookupView() {
  const { t } = useTranslation();
  const inst = useInstitutions();
  const [address, setAddress] = useState('');
  const lookup = useMutation({ mutationFn: (a: string) => intelApi.lookup(a) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (address.trim()) lookup.mutate(address.trim());
  };
  const fe = fieldErrors(lookup.error);
  const r = lookup.data;
  return (
    <Stack>
      <PageHeader title={t('intel.lookup.title')} lead={t('intel.lookup.lead')} />
      <form onSubmit={submit} noValidate>
        <Group align="flex-start">
          <TextInput label={t('intel.lookup.address')} placeholder={t('intel.lookup.placeholder')} w={340} value={address} ff="monospace"
            onChange={(e) => { setAddress(e.currentTarget.value); lookup.reset(); }} error={fe.address} data-testid="lookup-address" />
          <Button type="submit" mt={25} loading={lookup.isPending} data-testid="lookup-submit">{t('intel.lookup.submit')}</Button>
        </Group>
      </form>
      <ErrorAlert error={lookup.error} fields={['address']} />
      {!r && !lookup.error ? <Text size="sm" c="dimmed">{t('intel.lookup.prompt')}</Text> : null}
      {r && r.institutionId ? (
        <Paper withBorder radius="md" p="md" data-testid="lookup-found" style={{ borderLeft: '4px solid var(--mantine-color-teal-6)' }}>
          <Stack gap={6}>
            <Text fw={600}>{t('intel.lookup.found', { address: r.address, institution: inst.nameOf(r.institutionId) })}</Text>
            <Text size="sm">{t('intel.lookup.prefix')}: <Text span ff="monospace" data-testid="lookup-prefix">{r.prefix}</Text></Text>
            <Text size="sm">
              {t('intel.lookup.institution')}: <Link to={`/institutions/${encodeURIComponent(r.institutionId)}/networks`}>{inst.nameOf(r.institutionId)}</Link>
            </Text>
          </Stack>
        </Paper>
      ) : null}
      {r && !r.institutionId ? (
        <Alert color="yellow" variant="light" data-testid="lookup-not-found" title={t('intel.lookup.notFound', { address: r.address })}>
          {t('intel.lookup.notFoundHint')}
        </Alert>
      ) : null}
    </Stack>
  );
}

export function LookupPage() {
  return <RequireIntel><LookupView /></RequireIntel>;
}
