// Every resolver of the schema. A module adds its resolvers here.
import type { NonEmptyArray } from 'type-graphql';
import { NodeResolver } from '../platform/graphql/node.resolver.js';
import { SessionResolver } from '../modules/session/session.resolver.js';
import { TenantResolver } from '../modules/tenant/tenant.resolver.js';
import { PlatformAdminResolver } from '../modules/user/platform-admin.resolver.js';
import { UnitResolver } from '../modules/unit/unit.resolver.js';
import { RoleResolver } from '../modules/role/role.resolver.js';
import { MemberResolver } from '../modules/member/member.resolver.js';
import { LogActorResolver, LogResolver } from '../modules/log/log.resolver.js';
import { CalendarResolver } from '../modules/calendar/calendar.resolver.js';
import { IncidentResolver } from '../modules/incident/incident.resolver.js';
import { TaskInboxResolver } from '../modules/incident/task-inbox.resolver.js';
import { EvidenceResolver, ExclusionResolver, HistoryEntryResolver, LevelMatchResolver, PoliceDecisionResolver, ReportResolver, TaskResolver } from '../modules/incident/incident-children.resolver.js';
import { ClockHistoryResolver, ClockResolver, ExtensionRequestResolver, IncidentPetitionStageResolver, PetitionerResolver, PetitionResolver } from '../modules/petition/petition.resolver.js';
import { OnDutyFieldResolver, RosterResolver } from '../modules/roster/roster.resolver.js';
import { AlertPeriodReportFieldResolver, AlertPeriodReportStatusFieldResolver, AlertPeriodResolver } from '../modules/alert-period/alert-period.resolver.js';
import {
  AccountabilityMemberRowResolver, AccountabilityReportResolver, AccountabilityResolver, FindingAnswerResolver, FindingEscalationResolver, FindingRulingResolver,
} from '../modules/accountability/accountability.resolver.js';
import { DutyFieldResolver, EscalationRuleFieldResolver, OrgPositionFieldResolver, PlanResolver, TriggerConditionFieldResolver, TriggerFieldResolver } from '../modules/plan/plan.resolver.js';
import { RealtimeResolver } from '../modules/realtime/realtime.resolver.js';
import { CaseRecordResolver, IncidentRecordsResolver } from '../modules/case-record/case-record.resolver.js';
import { DocumentResolver, IncidentDocumentsResolver, PetitionDocumentsResolver } from '../modules/document/document.resolver.js';
import { WebhookResolver } from '../modules/notify/webhook.resolver.js';
import { PeopleNotifyResolver } from '../modules/notify/people.resolver.js';
import { AssessmentResolver } from '../modules/assessment/assessment.resolver.js';
import { IncidentExportResolver } from '../modules/incident/incident-export.resolver.js';
import { ExportResolver } from '../modules/export/export.resolver.js';
import { IncidentRepeatsResolver } from '../modules/petition/repeats.resolver.js';
import { ClockSuspensionResolver, SuspensionNodeResolver } from '../modules/petition/clock-suspension.resolver.js';
import { ConcernResolver, ConcernUpdateResolver, IncidentConcernResolver } from '../modules/concern/concern.resolver.js';
import { FollowUpCallResolver, IncidentSatisfactionResolver, SatisfactionRatingResolver, SatisfactionResolver } from '../modules/satisfaction/satisfaction.resolver.js';
import { ReferralResolver } from '../modules/referral/referral.resolver.js';
import { SupervisionResolver } from '../modules/referral/supervision.resolver.js';
import { ReferralSettingsResolver } from '../modules/referral/referral-settings.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  NodeResolver, SessionResolver, TenantResolver, PlatformAdminResolver, UnitResolver, RoleResolver, MemberResolver, LogResolver, LogActorResolver,
  PlanResolver, DutyFieldResolver, EscalationRuleFieldResolver, OrgPositionFieldResolver, TriggerConditionFieldResolver, TriggerFieldResolver,
  RosterResolver, OnDutyFieldResolver, AlertPeriodResolver, AlertPeriodReportFieldResolver, AlertPeriodReportStatusFieldResolver,
  CalendarResolver,
  IncidentResolver, TaskInboxResolver, TaskResolver, ReportResolver, EvidenceResolver, ExclusionResolver, LevelMatchResolver, PoliceDecisionResolver, HistoryEntryResolver,
  PetitionResolver, ClockResolver, ClockHistoryResolver, ExtensionRequestResolver, IncidentPetitionStageResolver, PetitionerResolver,
  AccountabilityResolver, FindingAnswerResolver, FindingRulingResolver, FindingEscalationResolver, AccountabilityReportResolver, AccountabilityMemberRowResolver,
  RealtimeResolver,
  CaseRecordResolver, IncidentRecordsResolver,
  DocumentResolver, IncidentDocumentsResolver, PetitionDocumentsResolver,
  WebhookResolver, PeopleNotifyResolver,
  AssessmentResolver, IncidentExportResolver, ExportResolver, IncidentRepeatsResolver, ClockSuspensionResolver, SuspensionNodeResolver,
  SatisfactionResolver, IncidentSatisfactionResolver, SatisfactionRatingResolver, FollowUpCallResolver,
  ConcernResolver, ConcernUpdateResolver, IncidentConcernResolver,
  ReferralResolver,
  SupervisionResolver,
  ReferralSettingsResolver,
];
