import { Anchor, Badge, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { TlpBadge } from '../intel/Badges.tsx';
import { type Source, intelApi } from '../intel/api.ts';
import { type IndicatorOffer, sharingApi, sharingKeys, useOffers } from './api.ts';
import { canReviewOffers } from './permissions.ts';
import { RequireSharing, useCategory } from './shared.tsx';

function Offer({ offer, sources }: { offer: IndicatorOffer; sources: Source[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const category = useCategory();
  const [sourceId, setSourceId] = useState<string | null>(null);
  const accept = useMutation({
    mutationFn: () => sharingApi.acceptOffer(offer.id, sourceId!),
    onSuccess: async (r) => {
      notifications.show({ color: 'teal', message: t('sharing.offers.acceptedDone', { count: r.accepted }) });
      await qc.invalidateQueries({ queryKey: sharingKeys.offers });
      await qc.invalidateQueries({ queryKey: ['intel'] });
    },
  });
  return (
    <Paper withBorder radius="md" p="md" data-testid="offer" data-id={offer.id} data-accepted={offer.accepted ? 'true' : 'false'}>
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <TlpBadge tlp={offer.tlp} />
          {offer.category ? <Badge size="sm" variant="light" color="gray">{category(offer.category)}</Badge> : null}
          {offer.accepted ? <Badge size="sm" color="teal" variant="light" data-testid="offer-accepted">{t('sharing.offers.accepted')}</Badge> : null}
          <Anchor component={Link} to={`/sharing/reports/${encodeURIComponent(offer.id)}`} fw={600} size="sm">{offer.title}</Anchor>
        </Group>
        <Text size="xs" c="dimmed">{t('sharing.offers.count', { count: offer.indicators.length })}</Text>
        <Group gap={4} wrap="wrap">
          {offer.indicators.map((i) => <Badge key={`${i.type}:${i.value}`} size="sm" variant="outline" color="dark" tt="none" ff="monospace">{i.type}: {i.value}</Badge>)}
        </Group>
        <Group align="flex-end" gap="sm">
          <Select label={t('sharing.offers.source')} placeholder={t('sharing.offers.sourcePlaceholder')} w={280} value={sourceId} onChange={setSourceId}
            data={sources.map((s) => ({ value: s.id, label: s.name }))} data-testid="offer-source" comboboxProps={{ withinPortal: true }} />
          <Button onClick={() => accept.mutate()} disabled={!sourceId} loading={accept.isPending} data-testid="offer-accept">{t('sharing.offers.accept')}</Button>
        </Group>
        <ErrorAlert error={accept.error} fields={['sourceId']} />
      </Stack>
    </Paper>
  );
}

function Offers() {
  const { t } = useTranslation();
  const offers = useOffers();
  const sources = useQuery({ queryKey: ['intel', 'sources'], queryFn: intelApi.sources });
  const enabled = (sources.data?.items ?? []).filter((s) => !s.disabledAt);
  return (
    <Stack>
      <PageHeader title={t('sharing.offers.title')} lead={t('sharing.offers.lead')} />
      {offers.isPending ? <Loading /> : null}
      {offers.isError ? <LoadError error={offers.error} onRetry={() => void offers.refetch()} /> : null}
      {sources.data && enabled.length === 0 ? (
        <Text size="sm" c="orange.8">{t('sharing.offers.noSources')} <Anchor component={Link} to="/intel/sources" size="sm">→</Anchor></Text>
      ) : null}
      {offers.data && offers.data.items.length === 0 ? <EmptyState message={t('sharing.offers.empty')} /> : null}
      {offers.data?.items.map((o) => <Offer key={o.id} offer={o} sources={enabled} />)}
    </Stack>
  );
}

/** /sharing/offers: the operator takes indicators from shared reports into a threat-intelligence source. */
export function OffersPage() {
  return <RequireSharing allow={canReviewOffers}><Offers /></RequireSharing>;
}
