import { Field, ID, Int, InterfaceType, ObjectType, type ClassType } from 'type-graphql';
import { DomainError, invalid } from '../errors.js';
import { userErrorCodeEnum } from './user-error-code.js';

@InterfaceType('Node', { description: 'An object with a global id. 带全局标识的对象。' })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id. 不透明全局标识。' })
  id!: string;
}

@ObjectType({ simpleResolvers: true, description: 'Relay page information. 分页信息。' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: 'A rule or validation failure of a mutation. 业务规则或校验错误。' })
export class UserError {
  @Field(() => userErrorCodeEnum(), { description: 'Machine-readable code. 错误代码。' })
  code!: string;

  @Field(() => [String], { nullable: true, description: 'Path of the input field at fault. 出错字段路径。' })
  field!: string[] | null;

  @Field(() => String)
  message!: string;
}

export function userErrorsOf(errors: DomainError[]): UserError[] {
  return errors.map((e) => Object.assign(new UserError(), { code: e.code, field: e.field, message: e.message }));
}

/** A Relay connection type `<name>Connection` with its `<name>Edge`. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    totalCountFn?: () => Promise<number>;

    @Field(() => Int, { description: 'Total matching objects (one extra count query). 总数。' })
    async totalCount(): Promise<number> {
      return this.totalCountFn ? this.totalCountFn() : this.edges.length;
    }
  }
  return ConnectionType;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;

/** The validated page request: how many rows to fetch (one more than asked) and where to start. */
export function pageRequest(args: PageArgs, maxPageSize: number): { limit: number; after: unknown[] | null } {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw invalid(`first must be between 0 and ${maxPageSize}`, ['first']);
  }
  return { limit: first, after: args.after ? decodeCursor(args.after) : null };
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values)) return values;
  } catch {
    // fall through
  }
  throw invalid('after is not a cursor of this list', ['after']);
}

/** Builds a connection from rows fetched with limit + 1, in order. */
export function toConnection<C extends object, R, T>(
  connectionType: ClassType<C>,
  rows: R[],
  limit: number,
  hadAfter: boolean,
  cursorOf: (row: R) => unknown[],
  nodeOf: (row: R) => T,
  totalCount?: () => Promise<number>,
): C {
  const page = rows.slice(0, limit);
  const edges = page.map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: nodeOf(row) }));
  const pageInfo = Object.assign(new PageInfo(), {
    hasNextPage: rows.length > limit,
    hasPreviousPage: hadAfter,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  });
  return Object.assign(new connectionType(), { edges, pageInfo, totalCountFn: totalCount });
}
