// Each kind of export: the permission its list asks for, the filter's
// GraphQL input type, and the owning module's source of rows (which applies
// the same access rule as the list itself). A filter is coerced through the
// schema, so it is checked exactly as the list's argument would be, both
// when a job starts and when the worker runs it.
import { coerceInputValue, isInputType, type GraphQLSchema } from 'graphql';
import type { Ctx } from '../../platform/context.js';
import { DomainError, forbidden } from '../../platform/errors.js';
import { requireAnyPermission, requirePermission } from '../../platform/authz.js';
import { Permission } from '../../platform/permissions.js';
import type { ExportSource } from '../../platform/export/tabular.js';
import { incidentExportSource } from '../incident/incident-export.service.js';
import { findingExportSource } from '../accountability/finding-export.service.js';
import { logExportSource } from '../log/log-export.service.js';
import { assessmentService } from '../assessment/assessment.service.js';
import { ExportKind } from './export.enums.js';
import { ExportJobErrorCode } from './export.errors.js';

const FIELD = ['input', 'filter'];

function coerce(schema: GraphQLSchema, typeName: string, value: unknown, path: string[] = FIELD): unknown {
  const type = schema.getType(typeName);
  if (!type || !isInputType(type)) throw new Error(`${typeName} is not an input type of the schema`);
  return coerceInputValue(value, type, (p, _v, err) => {
    throw new DomainError(ExportJobErrorCode.EXPORT_FILTER_INVALID, `filter${p.length ? `.${p.join('.')}` : ''}: ${err.message}`, path);
  });
}

/** The kind's list permission (FORBIDDEN otherwise), checked when a job starts and again when it runs. */
export function requireKindPermission(ctx: Ctx, kind: ExportKind): void {
  if (kind === ExportKind.INCIDENTS) requirePermission(ctx, Permission.INCIDENT_READ);
  else if (kind === ExportKind.AUDIT_LOG) requireAnyPermission(ctx, Permission.AUDIT_READ, Permission.AUDIT_STRUCTURE_READ);
  else requirePermission(ctx, Permission.ACCOUNTABILITY_READ);
}

export async function exportSource(ctx: Ctx, input: { kind: ExportKind; filter?: Record<string, unknown> | null; includePersonalData: boolean }): Promise<ExportSource> {
  requireKindPermission(ctx, input.kind);
  if (input.includePersonalData && input.kind !== ExportKind.INCIDENTS) {
    throw new DomainError(ExportJobErrorCode.EXPORT_FILTER_INVALID, 'Only incidents carry petitioners\' personal data', ['input', 'includePersonalData']);
  }
  const schema = await ctx.services.graphqlSchema();
  const filter = input.filter ?? null;
  switch (input.kind) {
    case ExportKind.INCIDENTS:
      return incidentExportSource(ctx, { filter: filter ? (coerce(schema, 'IncidentFilter', filter) as never) : null, includePersonalData: input.includePersonalData });
    case ExportKind.ACCOUNTABILITY_FINDINGS:
      return findingExportSource(ctx, filter ? (coerce(schema, 'AccountabilityFindingFilter', filter) as never) : null);
    case ExportKind.AUDIT_LOG:
      return logExportSource(ctx, filter ? (coerce(schema, 'AuditLogFilter', filter) as never) : null);
    case ExportKind.ASSESSMENT_FIGURES: {
      if (!filter?.period || !filter.groupBy) throw new DomainError(ExportJobErrorCode.EXPORT_FILTER_INVALID, 'ASSESSMENT_FIGURES needs filter {period: {from, to}, groupBy}', FIELD);
      return assessmentService.source(ctx, {
        period: coerce(schema, 'AssessmentPeriodInput', filter.period, [...FIELD, 'period']) as never,
        groupBy: coerce(schema, 'AssessmentGroupBy', filter.groupBy, [...FIELD, 'groupBy']) as never,
      });
    }
    default:
      throw forbidden('Unknown export kind');
  }
}
