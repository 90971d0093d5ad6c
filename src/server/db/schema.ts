

/**
 * Table types. Timestamps are ISO-8601 UTC strings in both engines (PostgreSQL columns are
 * timestamptz, read back as ISO strings, see db/index.ts). JSON is stored as text.
 */
type Timestamp = string;

export interface InstitutionsTable {
  id: string;
  code: string;
  kind: 'member' | 'operator';
  name_ja: string;
  name_en: string;
  incident_desk_email: string | null;
  incident_desk_phone: string | null;
  external_report_email: string | null;
  external_report_url: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  institution_id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  locale: 'ja' | 'en';
  status: 'active' | 'deactivated';
  mfa_secret: string | null;
  mfa_enabled_at: Timestamp | null;
  /** Last TOTP time step accepted, so that a code cannot be replayed. */
  mfa_last_step: number | null;
  last_login_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deactivated_at: Timestamp | null;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
  /** Set for the coordinator role only, so that a unique index allows one coordinator per institution. */
  coordinator_of: string | null;
  granted_at: Timestamp;
}

/** Links to external identity providers (SAML/GakuNin, OIDC) for federated sign-in. */
export interface ExternalIdentitiesTable {
  id: string;
  user_id: string;
  provider: string;
  subject: string;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  auth_method: string;
  /** 'full', 'mfa' (TOTP code still to give) or 'mfa_setup' (must enrol before anything else). */
  stage: 'full' | 'mfa' | 'mfa_setup';
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  institution_id: string;
  email: string;
  display_name: string;
  roles: string;
  invited_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor_user_id: string | null;
  actor_label: string;
  institution_id: string | null;
  ip: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  changes: string;
  prev_hash: string;
  hash: string;
}

export interface OutboxTable {
  id: string;
  channel: 'email' | 'webhook';
  event_type: string;
  payload: string;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  next_attempt_at: Timestamp;
  lease_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface NotificationPrefsTable {
  user_id: string;
  event_type: string;
  email: number;
  updated_at: Timestamp;
}

export interface WebhooksTable {
  id: string;
  institution_id: string;
  url: string;
  secret: string;
  event_types: string;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

export interface RegulationsTable {
  id: string;
  institution_id: string;
  title: string;
  kind: 'regulation' | 'standard' | 'library';
  visibility: 'private' | 'consortium';
  /** 機密性 1-4 (seed 003 §2.2); 4 may never be shared. */
  confidentiality: number;
  /** For catalogs from a library (e.g. a CISO Assistant URN). */
  external_ref: string | null;
  current_version_id: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegulationVersionsTable {
  id: string;
  regulation_id: string;
  version_no: number;
  label: string | null;
  form: 'article' | 'outline' | 'library';
  source_filename: string | null;
  source_format: 'text' | 'docx' | 'pdf' | 'yaml';
  source_encoding: string | null;
  source_sha256: string | null;
  clause_count: number;
  unplaced: string;
  imported_by: string;
  imported_at: Timestamp;
}

export interface RegulationClausesTable {
  id: string;
  version_id: string;
  parent_id: string | null;
  ord: number;
  depth: number;
  kind: string;
  key: string;
  label: string;
  citation: string;
  heading: string | null;
  text: string;
  line: number;
  assessable: number;
}

export interface ClauseMappingsTable {
  id: string;
  institution_id: string;
  source_regulation_id: string;
  source_citation: string;
  target_regulation_id: string;
  target_citation: string;
  relationship: 'equal' | 'subset' | 'superset' | 'intersect' | 'not_related';
  status: 'confirmed' | 'rejected';
  score: number | null;
  rationale: string | null;
  decided_by: string;
  decided_at: Timestamp;
}

export interface ChecklistTemplatesTable {
  id: string;
  institution_id: string;
  title: string;
  source_regulation_id: string | null;
  source_version_id: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface ChecklistItemsTable {
  id: string;
  template_id: string;
  ord: number;
  citation: string;
  heading: string | null;
  text: string;
}

export interface IndicatorSourcesTable {
  id: string;
  name: string;
  format: string;
  default_category: string | null;
  default_confidence: number | null;
  default_tlp: string | null;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
  last_import_at: Timestamp | null;
  disabled_at: Timestamp | null;
}

export interface IndicatorsTable {
  id: string;
  source_id: string;
  type: string;
  value: string;
  category: string | null;
  confidence: number | null;
  first_seen: Timestamp | null;
  last_seen: Timestamp | null;
  /** After this instant the indicator stops matching. */
  valid_until: Timestamp | null;
  tlp: string | null;
  tags: string;
  external_id: string | null;
  description: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IndicatorImportsTable {
  id: string;
  source_id: string;
  filename: string | null;
  format: string;
  added: number;
  updated: number;
  rejected: number;
  /** The first problems found (line/position and message), as JSON. */
  issues: string;
  imported_by: string;
  imported_at: Timestamp;
}

export interface InstitutionNetworksTable {
  id: string;
  institution_id: string;
  kind: 'prefix' | 'domain';
  value: string;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
}

export type FlowAlertStatus = 'review' | 'dismissed' | 'merged' | 'received' | 'acknowledged' | 'investigating' | 'mitigated' | 'not_affected' | 'closed';

export interface FlowAlertsTable {
  id: string;
  institution_id: string;
  internal_host: string;
  /** The indicator side of the first sighting. */
  remote_address: string;
  indicator_id: string;
  indicator_value: string;
  category: string | null;
  confidence: number | null;
  urgency: 'urgent' | 'high' | 'normal' | 'low';
  score: number;
  /** UrgencyReason[] as JSON. */
  reasons: string;
  /** Operator review (review, dismissed, merged), then the institution's response (received … closed). */
  status: FlowAlertStatus;
  first_seen: Timestamp;
  last_seen: Timestamp;
  sightings: number;
  bytes: number;
  packets: number;
  ports: string;
  days: string;
  outbound: number;
  established: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
  ack_deadline: Timestamp | null;
  acknowledged_at: Timestamp | null;
  closed_at: Timestamp | null;
  escalated_at: Timestamp | null;
  dismiss_reason: string | null;
  merged_into: string | null;
  /** What the sightings were: flows, or DNS queries for an indicator domain (then remote_address is the query name). Migration 010. */
  kind: 'flow' | 'dns';
}

export interface FlowAlertEventsTable {
  id: string;
  alert_id: string;
  at: Timestamp;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  note: string | null;
  details: string;
}

export interface AssessmentsTable {
  id: string;
  institution_id: string;
  /** 'self_inspection' now; audits add their kinds. */
  kind: string;
  title: string;
  fiscal_year: number;
  template_id: string | null;
  /** The responsible person: reviews answers. */
  owner_id: string;
  deadline: Timestamp;
  /** Self-inspection: draft | open | closed. */
  status: string;
  /** number[] as JSON: reminder stages before and after the deadline, in days. */
  remind_before_days: string;
  remind_after_days: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
}

export interface AssessmentItemsTable {
  id: string;
  assessment_id: string;
  ord: number;
  citation: string;
  chapter: string;
  heading: string | null;
  text: string;
}

export interface AssessmentAssignmentsTable {
  id: string;
  assessment_id: string;
  item_id: string;
  /** Exactly one of user_id and role. */
  user_id: string | null;
  role: string | null;
  department: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface AssessmentAnswersTable {
  id: string;
  assessment_id: string;
  item_id: string;
  respondent_id: string;
  department: string | null;
  result: 'implemented' | 'partial' | 'not_implemented' | 'not_applicable' | null;
  comment: string | null;
  status: 'draft' | 'submitted' | 'accepted';
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  submitted_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EvidenceTable {
  id: string;
  institution_id: string;
  title: string;
  kind: 'file' | 'link';
  current_version: number;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EvidenceBlobsTable {
  sha256: string;
  content: Uint8Array;
  size_bytes: number;
  created_at: Timestamp;
}

export interface EvidenceVersionsTable {
  id: string;
  evidence_id: string;
  version_no: number;
  url: string | null;
  filename: string | null;
  media_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  /** Dates (YYYY-MM-DD, JST). */
  effective_from: string | null;
  expires_on: string | null;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface EvidenceLinksTable {
  id: string;
  evidence_id: string;
  assessment_id: string;
  item_id: string;
  answer_id: string | null;
  /** The version current when linked. */
  version_no: number;
  linked_by: string;
  linked_at: Timestamp;
}

export interface ImprovementItemsTable {
  id: string;
  institution_id: string;
  assessment_id: string;
  item_id: string;
  answer_id: string | null;
  title: string;
  description: string | null;
  owner_id: string;
  due_date: string;
  status: 'open' | 'in_progress' | 'done' | 'cancelled';
  status_note: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface AssessmentRemindersTable {
  assessment_id: string;
  user_id: string;
  stage: string;
  sent_at: Timestamp;
}

/** Incidents (migration 006). Flags are 0/1 integers on both engines. */
export interface IncidentsTable {
  id: string;
  institution_id: string;
  fiscal_year: number;
  seq: number;
  title: string;
  description: string;
  status: 'new' | 'triage' | 'handling' | 'recovery' | 'closed';
  is_incident: number | null;
  category: string | null;
  severity: 'low' | 'medium' | 'high' | 'critical' | null;
  occurred_at: Timestamp | null;
  aware_at: Timestamp;
  contained_at: Timestamp | null;
  closed_at: Timestamp | null;
  personal_data: number;
  personal_data_count: number | null;
  /** JSON array of kinds (src/core/incidents/rules.ts). */
  personal_data_kinds: string;
  unauthorised_purpose: number;
  handler_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IncidentReportsTable {
  id: string;
  institution_id: string;
  incident_id: string | null;
  receipt_no: string;
  channel: 'member' | 'public';
  reporter_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  contact_affiliation: string | null;
  subject: string;
  body: string;
  suspicion: number;
  occurred_at: Timestamp | null;
  source_ip: string | null;
  created_at: Timestamp;
}

export interface IncidentAssetsTable {
  id: string;
  incident_id: string;
  kind: 'system' | 'information';
  name: string;
  confidentiality: number | null;
  integrity: number | null;
  availability: number | null;
  note: string | null;
  ord: number;
}

export interface IncidentEventsTable {
  id: string;
  incident_id: string;
  at: Timestamp;
  kind: string;
  text: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface IncidentTasksTable {
  id: string;
  incident_id: string;
  phase: 'containment' | 'eradication' | 'recovery' | 'other';
  title: string;
  owner_id: string | null;
  /** Date (YYYY-MM-DD, JST). */
  due_date: string | null;
  status: 'open' | 'done' | 'cancelled';
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  done_at: Timestamp | null;
}

export interface IncidentEvidenceTable {
  id: string;
  incident_id: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface IncidentObligationsTable {
  incident_id: string;
  kind: 'ppc_preliminary' | 'ppc_final' | 'mext' | 'ciso';
  due_at: Timestamp;
  target_at: Timestamp;
  basis: string;
  done_at: Timestamp | null;
  done_by: string | null;
  note: string | null;
  overdue_notified_at: Timestamp | null;
}

export interface IncidentLearningsTable {
  id: string;
  institution_id: string;
  incident_id: string | null;
  kind: 'lesson' | 'near_miss';
  title: string;
  body: string;
  category: string | null;
  improvement: string | null;
  /** Date (YYYY-MM-DD, JST). */
  occurred_on: string;
  fiscal_year: number;
  created_by: string;
  created_at: Timestamp;
}

/** A consortium's mutual audit plan for a fiscal year (issue 4). */
export interface AuditPlansTable {
  id: string;
  fiscal_year: number;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface AuditPairsTable {
  id: string;
  plan_id: string;
  auditor_institution_id: string;
  auditee_institution_id: string;
  /** The audit made for this pair, once the auditing institution sets it up. */
  audit_id: string | null;
}

/** What only audits have; the audit itself is an `assessments` row of kind mutual | internal | follow_up. */
export interface AuditsTable {
  assessment_id: string;
  auditing_institution_id: string;
  auditee_department: string | null;
  pair_id: string | null;
  previous_audit_id: string | null;
  /** Dates (YYYY-MM-DD, JST) of the fieldwork. */
  start_date: string;
  end_date: string;
  /** JSON string[]: documents requested beforehand. */
  documents: string;
  /** JSON {at, topic, attendees}[]: the hearing schedule. */
  hearings: string;
  summary: string | null;
  auditor_accepted_by: string | null;
  auditor_accepted_at: Timestamp | null;
  auditee_accepted_by: string | null;
  auditee_accepted_at: Timestamp | null;
}

export interface AuditTeamTable {
  assessment_id: string;
  user_id: string;
  role: 'lead' | 'member';
  /** JSON string[]: the member's own areas of responsibility. */
  departments: string;
}

export interface AuditRequestsTable {
  id: string;
  assessment_id: string;
  item_id: string | null;
  title: string;
  detail: string | null;
  due_date: string;
  status: 'open' | 'provided';
  requested_by: string;
  created_at: Timestamp;
  provided_by: string | null;
  provided_at: Timestamp | null;
}

export interface AuditRequestEvidenceTable {
  request_id: string;
  evidence_id: string;
  version_no: number;
  linked_by: string;
  linked_at: Timestamp;
}

export interface AuditNotesTable {
  id: string;
  assessment_id: string;
  item_id: string;
  kind: 'document_review' | 'hearing';
  text: string;
  author_id: string;
  created_at: Timestamp;
}

export interface AuditRatingsTable {
  item_id: string;
  assessment_id: string;
  rating: 'conforming' | 'minor_nc' | 'major_nc' | 'observation' | 'good_practice';
  comment: string | null;
  rated_by: string;
  rated_at: Timestamp;
}

export interface AuditFindingsTable {
  id: string;
  assessment_id: string;
  item_id: string | null;
  clause: string;
  category: 'minor_nc' | 'major_nc' | 'observation';
  description: string;
  evidence_note: string | null;
  response: string | null;
  action_what: string | null;
  action_owner_id: string | null;
  action_due: string | null;
  responded_by: string | null;
  responded_at: Timestamp | null;
  status: 'open' | 'in_progress' | 'done' | 'closed';
  progress_note: string | null;
  /** The finding of an earlier audit this one follows up. */
  origin_finding_id: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

/** A report shared with the consortium: redacted texts only, no originator (see shared_report_origins). JSON arrays as text. */
export interface SharedReportsTable {
  id: string;
  status: 'draft' | 'published';
  tlp: 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED';
  title: string;
  summary: string;
  body: string;
  category: string | null;
  products: string;
  cves: string;
  indicators: string;
  recipients: string;
  occurred_at: Timestamp | null;
  disclosed: number;
  published_at: Timestamp | null;
  /** Withdrawn by the originator: gone for everyone else (migration 009). */
  withdrawn_at: Timestamp | null;
}

/** Who shared a report, and the texts as written: read only by the originator's queries (and the operator's audited reveal). */
export interface SharedReportOriginsTable {
  report_id: string;
  institution_id: string;
  incident_id: string | null;
  author_id: string;
  original: string;
  proposals: string;
  created_at: Timestamp;
}

export interface SharedReportCommentsTable {
  id: string;
  report_id: string;
  institution_id: string;
  author_id: string;
  by_originator: number;
  body: string;
  created_at: Timestamp;
}

/** TLP changes, withdrawal and addenda of a shared report: who and why are for the originator only. */
export interface SharedReportChangesTable {
  id: string;
  report_id: string;
  kind: 'tlp' | 'withdraw' | 'addendum';
  from_tlp: string | null;
  to_tlp: string | null;
  reason: string | null;
  actor_id: string;
  by_originator: number;
  at: Timestamp;
}

/** A dated addendum (追記) to a shared report, reviewed for redactions like the report. */
export interface SharedReportAddendaTable {
  id: string;
  report_id: string;
  status: 'draft' | 'published';
  original: string;
  proposals: string;
  body: string;
  author_id: string;
  created_at: Timestamp;
  published_at: Timestamp | null;
}

/** Folded search text of a published shared report (FTS5 trigram on SQLite, pg_trgm on PostgreSQL). */
export interface SharedReportSearchTable {
  report_id: string;
  content: string;
}

export interface DB {
  institutions: InstitutionsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  external_identities: ExternalIdentitiesTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  login_throttle: LoginThrottleTable;
  invitations: InvitationsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  notification_prefs: NotificationPrefsTable;
  webhooks: WebhooksTable;
  settings: SettingsTable;
  regulations: RegulationsTable;
  regulation_versions: RegulationVersionsTable;
  regulation_clauses: RegulationClausesTable;
  clause_mappings: ClauseMappingsTable;
  checklist_templates: ChecklistTemplatesTable;
  checklist_items: ChecklistItemsTable;
  indicator_sources: IndicatorSourcesTable;
  indicators: IndicatorsTable;
  indicator_imports: IndicatorImportsTable;
  institution_networks: InstitutionNetworksTable;
  flow_alerts: FlowAlertsTable;
  flow_alert_events: FlowAlertEventsTable;
  assessments: AssessmentsTable;
  assessment_items: AssessmentItemsTable;
  assessment_assignments: AssessmentAssignmentsTable;
  assessment_answers: AssessmentAnswersTable;
  evidence: EvidenceTable;
  evidence_blobs: EvidenceBlobsTable;
  evidence_versions: EvidenceVersionsTable;
  evidence_links: EvidenceLinksTable;
  improvement_items: ImprovementItemsTable;
  assessment_reminders: AssessmentRemindersTable;
  audit_plans: AuditPlansTable;
  audit_pairs: AuditPairsTable;
  audits: AuditsTable;
  audit_team: AuditTeamTable;
  audit_requests: AuditRequestsTable;
  audit_request_evidence: AuditRequestEvidenceTable;
  audit_notes: AuditNotesTable;
  audit_ratings: AuditRatingsTable;
  audit_findings: AuditFindingsTable;
  incidents: IncidentsTable;
  incident_reports: IncidentReportsTable;
  incident_assets: IncidentAssetsTable;
  incident_events: IncidentEventsTable;
  incident_tasks: IncidentTasksTable;
  incident_evidence: IncidentEvidenceTable;
  incident_obligations: IncidentObligationsTable;
  incident_learnings: IncidentLearningsTable;
  shared_reports: SharedReportsTable;
  shared_report_origins: SharedReportOriginsTable;
  shared_report_comments: SharedReportCommentsTable;
  shared_report_changes: SharedReportChangesTable;
  shared_report_addenda: SharedReportAddendaTable;
  shared_report_search: SharedReportSearchTable;
}

