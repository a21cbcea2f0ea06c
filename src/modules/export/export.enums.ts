import { registerEnumType } from 'type-graphql';

export enum ExportKind {
  INCIDENTS = 'INCIDENTS',
  ACCOUNTABILITY_FINDINGS = 'ACCOUNTABILITY_FINDINGS',
  ASSESSMENT_FIGURES = 'ASSESSMENT_FIGURES',
  AUDIT_LOG = 'AUDIT_LOG',
}
registerEnumType(ExportKind, {
  name: 'ExportKind',
  description: 'Which list: incidents (filter: IncidentFilter), accountabilityFindings (AccountabilityFindingFilter), assessmentFigures ({period, groupBy}), auditLog (AuditLogFilter). 导出的列表。',
});

export enum ExportJobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}
registerEnumType(ExportJobStatus, { name: 'ExportJobStatus', description: 'QUEUED → RUNNING → DONE or FAILED. 导出任务状态。' });
