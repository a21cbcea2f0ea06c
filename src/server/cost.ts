// extensions.cost on every response: the requested cost (graphql-armor's own cost rule, the one
// that enforces GRAPHQL_MAX_COST, so the figure is the one the limit is checked against), the
// actual cost (the same weights over the data returned, each list counted by its real length)
// and the limit.
import { validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';

/** graphql-armor's weights, passed to its cost limit too (app.ts). */
export const COST_WEIGHTS = { objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 } as const;

export interface CostReport {
  requested: number | null;
  actual: number;
  limit: number;
}

// Apollo hands the same DocumentNode for a query it has seen (its document cache): computed once.
const requestedByDocument = new WeakMap<DocumentNode, number[]>();

/** Costs of the document's operations, in document order (armor's rule reports each one). */
function operationCosts(schema: GraphQLSchema, document: DocumentNode): number[] {
  let costs = requestedByDocument.get(document);
  if (!costs) {
    const found: number[] = [];
    validate(schema, document, [costLimitRule({ ...COST_WEIGHTS, maxCost: Number.MAX_SAFE_INTEGER, onAccept: [(_ctx, { n }) => void found.push(n)] })]);
    costs = found;
    requestedByDocument.set(document, costs);
  }
  return costs;
}

export function requestedCost(schema: GraphQLSchema, document: DocumentNode | undefined, operation: OperationDefinitionNode | undefined): number | null {
  if (!document) return null;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const index = operation ? operations.indexOf(operation) : operations.length === 1 ? 0 : -1;
  if (index < 0) return null;
  return operationCosts(schema, document)[index] ?? null;
}

/** The weights applied to the returned data: a scalar 1, an object 2 plus 1.5 × its fields; a list sums its items. */
export function actualCost(data: unknown): number {
  const value = (v: unknown): number => {
    if (Array.isArray(v)) return v.reduce((sum: number, item) => sum + value(item), 0);
    if (v !== null && typeof v === 'object') {
      let cost = COST_WEIGHTS.objectCost;
      for (const child of Object.values(v)) cost += COST_WEIGHTS.depthCostFactor * value(child);
      return cost;
    }
    return COST_WEIGHTS.scalarCost;
  };
  if (data === null || typeof data !== 'object') return 0;
  let total = 0;
  for (const child of Object.values(data as Record<string, unknown>)) total += value(child);
  return total;
}
