import { Badge, Group, Progress, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { membersApi } from '../consortium/api.ts';
import { useSession } from '../platform/api.ts';
import type { AnswerResult, AnswerState, CampaignState, ImprovementState, ResultCounts } from './api.ts';
import { percent } from './format.ts';

export { currentFiscalYear, percent } from './format.ts';

const STATUS_COLOR: Record<CampaignState, string> = { draft: 'gray', open: 'blue', closed: 'dark' };
const RESULT_COLOR: Record<AnswerResult, string> = { implemented: 'teal', partial: 'yellow', not_implemented: 'red', not_applicable: 'gray' };
const IMPROVEMENT_COLOR: Record<ImprovementState, string> = { open: 'orange', in_progress: 'blue', done: 'teal', cancelled: 'gray' };

export function CampaignStatusBadge({ status }: { status: CampaignState }) {
  const { t } = useTranslation();
  return <Badge color={STATUS_COLOR[status]} variant="light" data-testid="campaign-status" data-status={status}>{t(`assessments.status.${status}`)}</Badge>;
}

export function ResultBadge({ result }: { result: AnswerResult | null }) {
  const { t } = useTranslation();
  if (!result) return <Text size="sm" c="dimmed">—</Text>;
  return <Badge color={RESULT_COLOR[result]} variant="light" data-testid="result-badge">{t(`assessments.result.${result}`)}</Badge>;
}

/** Draft, submitted, accepted; a draft with a reviewer's comment was sent back. */
export function AnswerStatusBadge({ status, sentBack }: { status: AnswerState | null; sentBack?: boolean }) {
  const { t } = useTranslation();
  if (!status) return <Badge color="gray" variant="outline" data-testid="answer-status" data-status="none">{t('assessments.answerStatus.none')}</Badge>;
  if (status === 'draft' && sentBack) return <Badge color="red" variant="light" data-testid="answer-status" data-status="sent_back">{t('assessments.answerStatus.sentBack')}</Badge>;
  const color = status === 'accepted' ? 'teal' : status === 'submitted' ? 'blue' : 'gray';
  return <Badge color={color} variant="light" data-testid="answer-status" data-status={status}>{t(`assessments.answerStatus.${status}`)}</Badge>;
}

export function ImprovementStatusBadge({ status }: { status: ImprovementState }) {
  const { t } = useTranslation();
  return <Badge color={IMPROVEMENT_COLOR[status]} variant="light" data-testid="improvement-status">{t(`assessments.improvementStatus.${status}`)}</Badge>;
}


/** Share submitted or accepted, as a bar with the figure beside it. */
export function CompletionBar({ completion, label }: { completion: number; label?: string }) {
  return (
    <Group gap="xs" wrap="nowrap" data-testid="completion">
      <Progress value={completion * 100} size="md" radius="sm" style={{ flex: 1, minWidth: 80 }} color={completion >= 1 ? 'teal' : 'blue'} aria-label={label ?? percent(completion)} />
      <Text size="xs" c="dimmed" w={46} ta="right">{percent(completion)}</Text>
    </Group>
  );
}

/** Implemented / partial / not implemented / not applicable as one stacked bar. */
export function ResultBar({ counts }: { counts: ResultCounts }) {
  const { t } = useTranslation();
  if (!counts.answers) return <Text size="xs" c="dimmed">—</Text>;
  const parts: [keyof ResultCounts, AnswerResult][] = [['implemented', 'implemented'], ['partial', 'partial'], ['notImplemented', 'not_implemented'], ['notApplicable', 'not_applicable']];
  return (
    <Progress.Root size="lg" radius="sm" style={{ minWidth: 140 }}>
      {parts.map(([k, r]) => {
        const n = counts[k] as number;
        return n ? (
          <Tooltip key={k} label={`${t(`assessments.result.${r}`)}: ${n}`}>
            <Progress.Section value={(n / counts.answers) * 100} color={RESULT_COLOR[r]} />
          </Tooltip>
        ) : null;
      })}
    </Progress.Root>
  );
}

/** The institution's active members, for managers (others get the people they already see). */
export function useMembers(enabled: boolean) {
  const session = useSession();
  return useQuery({
    queryKey: ['assessments', 'members', session.institution.id],
    queryFn: () => membersApi.list(session.institution.id, { status: 'active', page: 1, pageSize: 200 }),
    enabled,
    staleTime: 60_000,
  });
}


export const chapterLabel = (t: (k: 'assessments.results.chapterLabel', o: { chapter: string }) => string, chapter: string) =>
  (/^\d+$/.test(chapter) ? t('assessments.results.chapterLabel', { chapter }) : chapter);
