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
  /** The file was kept for EXPORT_RETENTION_HOURS after the job finished, then removed. */
  EXPIRED = 'EXPIRED',
}
registerEnumType(ExportJobStatus, {
  name: 'ExportJobStatus',
  description:
    'QUEUED → RUNNING → DONE or FAILED; DONE → EXPIRED when the retention period (expiresAt) has passed: the file is removed, its download answers 410 EXPORT_EXPIRED. 导出任务状态（过期后文件已删除）。',
  valuesConfig: { EXPIRED: { description: 'The file was kept until expiresAt and has been removed; start a new export. 已过期，文件已删除。' } },
});
