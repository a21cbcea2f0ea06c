import { execute, Kind, print, visit, type ASTNode, type DocumentNode, type GraphQLError, type GraphQLFormattedError, type GraphQLResolveInfo, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Ctx } from '../../platform/context.js';
import { Permission } from '../../platform/permissions.js';
import type { MemberActor } from './connection.js';
import type { IncidentEvent } from './realtime.types.js';

/**
 * How a subscription's events are rendered: its operation without the root
 * field's arguments (`after` and `filter` choose events, they do not shape
 * them) and only the variables the selection still uses. Two subscriptions
 * with the same key and the same permission shape get byte-identical payloads.
 */
export interface RenderSpec {
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  key: string;
}

export function renderSpecOf(info: GraphQLResolveInfo, rawVariables: Record<string, unknown> | null | undefined): RenderSpec {
  const selections = info.operation.selectionSet.selections.map((selection) =>
    selection.kind === Kind.FIELD ? { ...selection, arguments: [] } : selection,
  );
  const fragments = Object.values(info.fragments);
  const used = new Set<string>();
  const collect = (node: ASTNode) =>
    visit(node, {
      Variable(variable) {
        used.add(variable.name.value);
      },
    });
  selections.forEach(collect);
  fragments.forEach(collect);
  (info.operation.directives ?? []).forEach(collect);
  const operation: OperationDefinitionNode = {
    ...info.operation,
    variableDefinitions: (info.operation.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value)),
    selectionSet: { ...info.operation.selectionSet, selections },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  // Raw values as the client sent them: execution coerces them again.
  const source = (rawVariables ?? info.variableValues) as Record<string, unknown>;
  const variables: Record<string, unknown> = {};
  for (const name of [...used].sort()) if (name in source) variables[name] = source[name];
  return { document, operationName: info.operation.name?.value, variables, key: `${print(document)}\n${JSON.stringify(variables)}` };
}

/**
 * What the payload may depend on besides the operation: tenant, unit scope,
 * permissions and roles. Members holding PETITIONER_PII_READ render alone: a
 * personal-data read is logged for the member who receives it.
 */
export function actorShapeKey(actor: MemberActor): string {
  const base = [actor.tenant.id, actor.unitPath, [...actor.jurisdiction].sort().join(','), [...actor.permissions].sort().join(','), actor.leader ? 'leader' : '', [...actor.roleIds].sort().join(',')].join('|');
  return actor.permissions.has(Permission.PETITIONER_PII_READ) ? `${base}|member:${actor.memberId}` : base;
}

export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Executes the operation once per event for one shape (concurrently, so field
 * resolvers batch through the context's loaders) and serialises each result
 * once. The caller shares the buffers between every subscriber of the shape.
 */
export async function renderEvents(schema: GraphQLSchema, spec: RenderSpec, ctx: Ctx, events: IncidentEvent[], formatError: ErrorFormatter): Promise<Map<string, Buffer>> {
  const results = await Promise.all(
    events.map((event) =>
      execute({ schema, document: spec.document, operationName: spec.operationName, variableValues: spec.variables, rootValue: event, contextValue: ctx }),
    ),
  );
  const payloads = new Map<string, Buffer>();
  results.forEach((result, i) => {
    const body = result.errors?.length
      ? { data: result.data ?? null, errors: result.errors.map((e: GraphQLError) => formatError(e.toJSON(), e)) }
      : { data: result.data ?? null };
    payloads.set(events[i]!.key, Buffer.from(JSON.stringify(body), 'utf8'));
  });
  return payloads;
}
