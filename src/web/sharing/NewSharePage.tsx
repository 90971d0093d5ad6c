import { Alert, Button, Group, MultiSelect, Radio, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Section } from '../components/Section.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { TlpBadge } from '../intel/Badges.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { useInstitutions } from '../flows/shared.tsx';
import { useSession } from '../platform/api.ts';
import { CATEGORIES, type IncidentBrief, TLPS, type Tlp, sharingApi, useIncident } from './api.ts';
import { normaliseCve, parseIndicatorLines } from './format.ts';
import { canPrepareShare } from './permissions.ts';
import { RequireSharing, useCategory } from './shared.tsx';

/** TLP 2.0 with a one-line explanation each; AMBER is the default. */
export function TlpChooser({ value, onChange }: { value: Tlp; onChange: (t: Tlp) => void }) {
  const { t } = useTranslation();
  return (
    <Radio.Group value={value} onChange={(v) => onChange(v as Tlp)} label={t('sharing.tlp.label')} data-testid="tlp-choice">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mt="xs" spacing="xs">
        {TLPS.map((tlp) => (
          <Radio.Card key={tlp} value={tlp} radius="md" p="sm" data-testid={`tlp-${tlp}`} aria-label={tlp}
            style={{ borderColor: value === tlp ? 'var(--mantine-color-blue-6)' : undefined, borderWidth: value === tlp ? 2 : 1 }}>
            <Group wrap="nowrap" align="flex-start" gap="sm">
              <Radio.Indicator mt={2} />
              <Stack gap={4}>
                <TlpBadge tlp={tlp} />
                <Text size="xs" c="dimmed">{t(`sharing.tlp.${tlp}.line`)}</Text>
              </Stack>
            </Group>
          </Radio.Card>
        ))}
      </SimpleGrid>
    </Radio.Group>
  );
}

function ShareForm({ incident }: { incident: IncidentBrief }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const category = useCategory();
  const [tlp, setTlp] = useState<Tlp>('AMBER');
  const [disclose, setDisclose] = useState(false);
  const [title, setTitle] = useState(incident.title);
  const [summary, setSummary] = useState('');
  const [body, setBody] = useState(incident.description);
  const [cat, setCat] = useState<string | null>(incident.category);
  const [products, setProducts] = useState<string[]>([]);
  const [cves, setCves] = useState<string[]>([]);
  const [cveError, setCveError] = useState<string | null>(null);
  const [indicators, setIndicators] = useState('');
  const [missingTitle, setMissingTitle] = useState(false);
  const [recipients, setRecipients] = useState<string[]>([]);
  const [missingRecipients, setMissingRecipients] = useState(false);
  const session = useSession();
  const inst = useInstitutions(tlp === 'RED');
  const parsed = parseIndicatorLines(indicators);

  useEffect(() => {
    setTitle(incident.title);
    setBody(incident.description);
    setCat(incident.category);
  }, [incident.id, incident.title, incident.description, incident.category]);

  const prepare = useMutation({
    mutationFn: () => sharingApi.prepare({
      incidentId: incident.id, tlp, disclose, title: title.trim(), summary: summary.trim(), body, category: cat, products, cves, indicators: parsed.items,
      ...(tlp === 'RED' ? { recipients } : {}),
    }),
    onSuccess: (d) => navigate(`/sharing/drafts/${encodeURIComponent(d.id)}`),
  });
  const fe = fieldErrors(prepare.error);

  const onCves = (values: string[]) => {
    const bad = values.find((v) => !normaliseCve(v));
    setCveError(bad ? t('sharing.create.cveInvalid', { value: bad }) : null);
    setCves([...new Set(values.map(normaliseCve).filter((v): v is string => v !== null))]);
  };
  const submit = () => {
    if (!title.trim()) return setMissingTitle(true);
    if (tlp === 'RED' && recipients.length === 0) return setMissingRecipients(true);
    if (parsed.bad.length) return;
    prepare.mutate();
  };
  const categories = [...new Set([...CATEGORIES, ...(incident.category ? [incident.category] : [])])];

  return (
    <Stack data-testid="share-form">
      <Section title={t('sharing.create.incident')}>
        <Text size="sm" data-testid="share-incident"><b>{incident.ref}</b> {incident.title}</Text>
      </Section>
      <Section title={t('sharing.create.scope')}>
        <TlpChooser value={tlp} onChange={setTlp} />
        {tlp === 'RED' ? (
          <MultiSelect label={t('sharing.create.recipients')} description={t('sharing.create.recipientsHint')} placeholder={t('sharing.create.recipientsPlaceholder')}
            data={inst.members.filter((i) => i.id !== session.institution.id).map((i) => ({ value: i.id, label: inst.nameOf(i.id) }))} value={recipients}
            onChange={(v) => { setRecipients(v); setMissingRecipients(false); }} error={missingRecipients ? t('sharing.create.recipientsRequired') : fe.recipients}
            searchable clearable data-testid="share-recipients" comboboxProps={{ withinPortal: true }} />
        ) : null}
        <Switch checked={disclose} onChange={(e) => setDisclose(e.currentTarget.checked)} label={t('sharing.create.disclose')} data-testid="share-disclose"
          description={disclose ? t('sharing.create.discloseOn') : t('sharing.create.discloseOff')} />
      </Section>
      <Section title={t('sharing.create.content')} lead={t('sharing.create.bodyHint')}>
        <TextInput label={t('sharing.create.titleField')} required value={title} maxLength={300} data-testid="share-title"
          onChange={(e) => { setTitle(e.currentTarget.value); setMissingTitle(false); }} error={missingTitle ? t('sharing.create.titleRequired') : fe.title} />
        <Textarea label={t('sharing.create.summaryField')} placeholder={t('sharing.create.summaryPlaceholder')} autosize minRows={2} maxRows={4} maxLength={2000}
          value={summary} onChange={(e) => setSummary(e.currentTarget.value)} error={fe.summary} data-testid="share-summary" />
        <Textarea label={t('sharing.create.bodyField')} autosize minRows={6} maxRows={18} maxLength={50_000} value={body}
          onChange={(e) => setBody(e.currentTarget.value)} error={fe.body} data-testid="share-body" />
        <Select label={t('sharing.create.category')} placeholder={t('sharing.create.categoryPlaceholder')} clearable w={280} value={cat} onChange={setCat}
          data={categories.map((c) => ({ value: c, label: category(c) }))} data-testid="share-category" comboboxProps={{ withinPortal: true }} />
      </Section>
      <Section title={t('sharing.create.technical')}>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TagsInput label={t('sharing.create.products')} placeholder={t('sharing.create.productsPlaceholder')} value={products} onChange={setProducts}
            maxTags={50} clearable data-testid="share-products" />
          <TagsInput label={t('sharing.create.cves')} placeholder={t('sharing.create.cvesPlaceholder')} value={cves} onChange={onCves}
            maxTags={100} clearable error={cveError ?? fe.cves} data-testid="share-cves" />
        </SimpleGrid>
        <Textarea label={t('sharing.create.indicators')} description={t('sharing.create.indicatorsHint')} placeholder={t('sharing.create.indicatorsPlaceholder')}
          autosize minRows={3} maxRows={10} value={indicators} onChange={(e) => setIndicators(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }}
          error={parsed.bad.length ? t('sharing.create.indicatorsBad', { lines: parsed.bad.join('、') }) : fe.value} data-testid="share-indicators" />
      </Section>
      <ErrorAlert error={prepare.error} fields={['title', 'summary', 'body', 'cves', 'value', 'recipients']} />
      <Group justify="flex-end">
        <Button size="md" onClick={submit} loading={prepare.isPending} data-testid="share-submit">{t('sharing.create.submit')}</Button>
      </Group>
    </Stack>
  );
}

function NewShare() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const incidentId = params.get('incident');
  const incident = useIncident(incidentId);
  return (
    <Stack>
      <PageHeader title={t('sharing.create.title')} lead={t('sharing.create.lead')} />
      {!incidentId ? <Alert color="yellow" data-testid="share-no-incident">{t('sharing.create.noIncident')}</Alert> : null}
      {incidentId && incident.isPending ? <Loading /> : null}
      {incident.isError ? <LoadError error={incident.error} /> : null}
      {incident.data ? <ShareForm incident={incident.data} /> : null}
    </Stack>
  );
}

/** /sharing/new?incident=<id>: the incident's CSIRT chooses TLP and disclosure and prepares the texts. */
export function NewSharePage() {
  return <RequireSharing allow={canPrepareShare}><NewShare /></RequireSharing>;
}
