/**
 * Operation driver: exercises any root field of the schema with generated,
 * valid-looking arguments, so tests can cover every mutation (or query)
 * without naming them — a new field is covered without editing the test.
 *
 * How arguments are made (see `variablesFor`):
 * - IDs by argument name: `unitId` → a Unit id, `memberIds` → Member ids,
 *   `parentId`/`newParentId`/`id` → the field's own object type (the Node type
 *   in its payload or return type), `<anything><Type>Id` → that Node type
 *   (`caseOwnerMemberId` → Member), aliases in ID_ALIASES (`ownerId` → Member);
 *   an unknown stem falls back to every id the pool holds. Ids come from an
 *   IdPool: newest first, different ids for different arguments of one type,
 *   rotating with the attempt number; protected ids are kept away from
 *   destructive mutations (archive, remove, suspend, ...).
 * - Strings by name (STRING_RULES: email, slug, password, *Token, code, key,
 *   timezone, ...), enums rotate through their values, Int/Float small
 *   positives, Boolean true for required ones, DateTime near now (future for
 *   due/until/end/endsAt names, past for since/start/startsAt/from), LocalDate
 *   today, LocalTime 08:00, JSON `{}`, lists of one, nested inputs recursively.
 * - Attempt 0 fills required fields only; odd attempts fill optional ones too;
 *   higher attempts rotate the id and enum choices.
 *
 * - Operations that need a prepared state have recipes (driver-recipes.ts):
 *   they set the state up through the API and return the variables.
 *
 * `exercise(field)` runs attempts (as the caller the access rule calls for)
 * until one succeeds (no GraphQL error at the root, no userErrors); every
 * response is harvested into the pool (ids, and strings named *Token), so
 * creations feed later calls. `exerciseAll(fields)` orders fields creators
 * first and destructive ones last and retries failures in later passes while
 * the pool grows.
 *
 * Reuse (tenant isolation, permissions): `variablesFor(field, { attempt, pool })`
 * with another tenant's pool, `execute(field, variables, caller)` as any caller.
 */
import {
  getNamedType, isEnumType, isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType, isScalarType, isUnionType,
  type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema,
  type GraphQLType,
} from 'graphql';
import { randomBytes } from 'node:crypto';
import { accessRules, type AccessRule } from '../../src/platform/graphql/allow.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { gql, type GqlResponse } from './client.js';
import { PASSWORD } from './fixtures.js';

export type OperationKind = 'query' | 'mutation';
export type RootField = GraphQLField<unknown, unknown>;

/** Someone calling the API. */
export interface Caller {
  label: string;
  token: string | null;
  /** Raw uuids (null when unknown / not applicable). */
  userId: string | null;
  memberId: string | null;
  tenantId: string | null;
  email: string | null;
  /** Signs in again (after a session was ended by a mutation under test). */
  renew?: () => Promise<void>;
}

/** Ids (global) by type, newest last; strings harvested by field name (tokens). */
export class IdPool {
  private readonly byType = new Map<string, string[]>();
  private readonly strings = new Map<string, string[]>();
  private readonly protectedIds = new Set<string>();

  /** Adds a global id (ignored when not one). Returns its type. */
  add(globalId: string): string | null {
    const parsed = parseGlobalId(globalId);
    if (!parsed) return null;
    const list = this.byType.get(parsed.type) ?? [];
    const at = list.indexOf(globalId);
    if (at >= 0) list.splice(at, 1);
    list.push(globalId);
    this.byType.set(parsed.type, list);
    return parsed.type;
  }

  /** Keeps an id away from destructive mutations (the fixture's own tenant, members, root unit). */
  protect(globalId: string): void {
    this.add(globalId);
    this.protectedIds.add(globalId);
  }

  isProtected(globalId: string): boolean {
    return this.protectedIds.has(globalId);
  }

  addString(name: string, value: string): void {
    const list = this.strings.get(name) ?? [];
    if (!list.includes(value)) list.push(value);
    this.strings.set(name, list);
  }

  /** Ids of a type, newest first. */
  ids(type: string): string[] {
    return [...(this.byType.get(type) ?? [])].reverse();
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  /** Every id, newest type-lists first. */
  allIds(): string[] {
    return [...this.byType.values()].flatMap((l) => [...l].reverse());
  }

  /** Harvested strings: exact name first, then names ending with it (token → setPasswordToken), newest first. */
  stringsFor(name: string): string[] {
    const exact = [...(this.strings.get(name) ?? [])].reverse();
    const lower = name.toLowerCase();
    const similar = [...this.strings.entries()]
      .filter(([k]) => k !== name && k.toLowerCase().endsWith(lower))
      .flatMap(([, v]) => [...v].reverse());
    return [...exact, ...similar];
  }

  /** Walks a response: `id`, `*Id`, `*Ids` holding global ids, and strings named `*Token`. */
  harvest(value: unknown, key = ''): void {
    if (Array.isArray(value)) {
      for (const v of value) this.harvest(v, key);
      return;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) this.harvest(v, k);
      return;
    }
    if (typeof value !== 'string') return;
    if (key === 'id' || /Ids?$/.test(key)) this.add(value);
    else if (/token$/i.test(key)) this.addString(key, value);
  }

  clone(): IdPool {
    const copy = new IdPool();
    for (const [t, l] of this.byType) copy.byType.set(t, [...l]);
    for (const [k, l] of this.strings) copy.strings.set(k, [...l]);
    for (const id of this.protectedIds) copy.protectedIds.add(id);
    return copy;
  }
}

/** Argument-name stems whose type the name does not say. */
export const ID_ALIASES: Record<string, string> = {
  owner: 'Member',
  caseOwner: 'Member',
  assignee: 'Member',
  approver: 'Member',
  responsible: 'Member',
  actorMember: 'Member',
  actorUser: 'User',
  subtreeOf: 'Unit',
  unitSubtree: 'Unit',
};

/** Verbs of mutations that destroy or end something: run last, never on protected ids. */
export const DESTRUCTIVE = /^(archive|remove|delete|close|withdraw|revoke|cancel|end|suspend|logout|disable)/i;

/** Run order by verb (lower first); anything else runs in between. */
const PHASES: [RegExp, number][] = [
  [/^(provision|create|invite|report|add|open|register|declare|start|import)/i, 0],
  [DESTRUCTIVE, 2],
  [/^suspend/i, 3],
  [/^reactivate/i, 4],
];

function phaseOf(name: string): number {
  let phase = 1;
  for (const [re, p] of PHASES) if (re.test(name)) phase = p;
  return phase;
}

export interface GenContext {
  attempt: number;
  pool: IdPool;
  /** The Node type the operation is about (parentId, id resolve to it). */
  selfType: string | null;
  /** Fill optional fields too. */
  fillOptional: boolean;
  /** Ids of one type handed out so far in this variable set (distinct ids per argument). */
  used: Map<string, number>;
  destructive: boolean;
  knownEmails: string[];
}

type StringRule = [RegExp, (name: string, ctx: GenContext) => string[]];

const unique = () => randomBytes(4).toString('hex');

/** Candidate strings by (lower-cased) field name; the attempt picks among them. */
export const STRING_RULES: StringRule[] = [
  [/email$/, (_n, c) => [`driver-${unique()}@test.local`, ...c.knownEmails]],
  [/password$/, () => [PASSWORD]],
  [/token$/, (n, c) => c.pool.stringsFor(n).concat(c.pool.stringsFor('Token'))],
  [/slug$/, () => [`d-${unique()}`]],
  [/timezone$/, () => ['Asia/Shanghai']],
  [/locale$/, () => ['zh-CN']],
  [/^key$|key$/, () => [`K${unique().toUpperCase()}`]],
  [/code$/, () => [`c${unique()}`]],
  [/phone/, () => ['13800000000']],
  [/url$/, () => ['https://example.org/driver']],
  [/(sha256|hash)$/, () => [randomBytes(32).toString('hex')]],
  [/(mime|contenttype)/, () => ['image/jpeg']],
  [/cursor|^after$|^before$/, () => []],
];

function pick<T>(values: T[], index: number): T | undefined {
  return values.length ? values[index % values.length] : undefined;
}

export interface DriverOptions {
  url: string;
  schema: GraphQLSchema;
  pool: IdPool;
  /** The callers to try for a field, best first (by its access rule). */
  callers: (rule: AccessRule | undefined, field: RootField, kind: OperationKind) => Promise<Caller[]> | Caller[];
  /** E-mails of users who can sign in with PASSWORD. */
  knownEmails?: () => string[];
  maxAttempts?: number;
  /** Extra string rules, tried before STRING_RULES. */
  stringRules?: StringRule[];
  /** Object fields never selected in payloads (reading them may itself be logged). */
  skipFields?: RegExp;
  /**
   * Per-field variable makers for operations that need a prepared state (an
   * incident accepted before it can be replied to...). A recipe may call the
   * API to prepare it, then returns the variables; null falls back to generation.
   */
  recipes?: Record<string, Recipe>;
}

export type Recipe = (ctx: { attempt: number; caller: Caller; url: string; pool: IdPool }) => Promise<Record<string, unknown> | null>;

export interface AttemptRecord {
  field: string;
  attempt: number;
  caller: Caller;
  variables: Record<string, unknown>;
  response: GqlResponse;
  ok: boolean;
  /** Why it failed: error codes and messages. */
  failure: string | null;
}

export interface ExerciseResult {
  field: string;
  ok: boolean;
  success: AttemptRecord | null;
  attempts: AttemptRecord[];
}

export interface ExerciseHooks {
  before?: (info: { field: string; attempt: number; caller: Caller; variables: Record<string, unknown> }) => Promise<void> | void;
  after?: (record: AttemptRecord) => Promise<void> | void;
}

export class OperationDriver {
  private readonly nodeTypes: Set<string>;

  constructor(readonly options: DriverOptions) {
    const nodeIface = options.schema.getType('Node');
    this.nodeTypes = new Set(
      Object.values(options.schema.getTypeMap())
        .filter((t): t is GraphQLObjectType => isObjectType(t) && !!nodeIface && t.getInterfaces().some((i) => i.name === 'Node'))
        .map((t) => t.name),
    );
  }

  get pool(): IdPool {
    return this.options.pool;
  }

  fields(kind: OperationKind): RootField[] {
    const root = kind === 'mutation' ? this.options.schema.getMutationType() : this.options.schema.getQueryType();
    return root ? Object.values(root.getFields()) : [];
  }

  field(kind: OperationKind, name: string): RootField {
    const f = this.fields(kind).find((x) => x.name === name);
    if (!f) throw new Error(`no ${kind} field ${name}`);
    return f;
  }

  /** The Node type a field is about: a Node-typed field of its payload, or its (connection's) node type. */
  selfTypeOf(field: RootField): string | null {
    const out = getNamedType(field.type);
    if (this.nodeTypes.has(out.name)) return out.name;
    if (isObjectType(out)) {
      for (const f of Object.values(out.getFields())) {
        const t = getNamedType(f.type);
        if (this.nodeTypes.has(t.name)) return t.name;
        if (f.name === 'edges' && isObjectType(t)) {
          const node = t.getFields().node;
          if (node && this.nodeTypes.has(getNamedType(node.type).name)) return getNamedType(node.type).name;
        }
      }
    }
    return null;
  }

  /** The Node type an ID-typed argument (or input field) names, or null when the name does not tell. */
  idTypeFor(name: string, selfType: string | null): string | null {
    if (name === 'id' || name === 'ids') return selfType;
    const stem = name.replace(/Ids?$/, '');
    if (stem === name) return null;
    if (ID_ALIASES[stem]) return ID_ALIASES[stem]!;
    if (/^(new)?parent$/i.test(stem) || /Parent$/.test(stem)) return selfType;
    const cap = stem.charAt(0).toUpperCase() + stem.slice(1);
    if (this.nodeTypes.has(cap)) return cap;
    // `fromUnit`, `caseOwnerMember`: the longest Node type name it ends with.
    const suffix = [...this.nodeTypes].filter((t) => cap.endsWith(t)).sort((a, b) => b.length - a.length)[0];
    if (suffix) return suffix;
    return this.options.pool.types().includes(cap) ? cap : null;
  }

  private idFor(name: string, list: boolean, ctx: GenContext): string | undefined {
    const type = this.idTypeFor(name, ctx.selfType);
    let candidates = type ? ctx.pool.ids(type) : [];
    if (!candidates.length) candidates = ctx.pool.allIds();
    if (ctx.destructive) candidates = candidates.filter((id) => !ctx.pool.isProtected(id));
    const key = type ?? '*';
    const n = ctx.used.get(key) ?? 0;
    ctx.used.set(key, n + 1);
    void list;
    return pick(candidates, Math.floor(ctx.attempt / 2) + n);
  }

  private stringFor(name: string, ctx: GenContext): string | undefined {
    const lower = name.toLowerCase();
    for (const [re, make] of [...(this.options.stringRules ?? []), ...STRING_RULES]) {
      if (re.test(lower)) {
        const values = make(name, ctx);
        return values.length ? pick(values, Math.floor(ctx.attempt / 2)) : undefined;
      }
    }
    return `driver ${name} ${unique()}`;
  }

  private scalarFor(typeName: string, name: string, ctx: GenContext, list: boolean): unknown {
    const lower = name.toLowerCase();
    switch (typeName) {
      case 'ID':
        return this.idFor(name, list, ctx);
      case 'String':
        return this.stringFor(name, ctx);
      case 'Int':
        if (/^(first|last)$/.test(name)) return 10;
        if (/^(seq|from|to|seqfrom|seqto)$/.test(lower)) return 1;
        if (/headcount|count|number|people/.test(lower)) return 3;
        return 1;
      case 'SafeInt':
        return 1;
      case 'Float':
        return 1.5;
      case 'LocalDate':
        return new Date().toISOString().slice(0, 10);
      case 'Boolean':
        return ctx.fillOptional ? Math.floor(ctx.attempt / 2) % 2 === 0 : true;
      case 'DateTime': {
        const now = Date.now();
        if (/(until|end|endsat|due|deadline|to)$/.test(lower)) return new Date(now + 24 * 3600_000).toISOString();
        if (/(since|start|startsat|from)$/.test(lower)) return new Date(now - 3600_000).toISOString();
        return new Date(now).toISOString();
      }
      case 'JSON':
      case 'JSONObject':
        return {};
      case 'LocalDate':
        return new Date().toISOString().slice(0, 10);
      case 'LocalTime':
        return '08:00';
      default:
        return this.stringFor(name, ctx);
    }
  }

  /** A value for an input type; undefined when none can be made (the argument is then left out). */
  valueFor(type: GraphQLInputType, name: string, ctx: GenContext, depth = 0): unknown {
    if (isNonNullType(type)) return this.valueFor(type.ofType, name, ctx, depth);
    if (isListType(type)) {
      const item = this.valueFor(type.ofType as GraphQLInputType, name, ctx, depth);
      return item === undefined ? undefined : [item];
    }
    if (isEnumType(type)) {
      const values = type.getValues().map((v) => v.name);
      return pick(values, Math.floor(ctx.attempt / 2) + (ctx.used.get(`enum:${type.name}`) ?? 0));
    }
    if (isScalarType(type)) return this.scalarFor(type.name, name, ctx, false);
    if (isInputObjectType(type)) {
      if (depth > 6) return undefined;
      const out: Record<string, unknown> = {};
      for (const f of Object.values(type.getFields())) {
        const required = isNonNullType(f.type) && f.defaultValue === undefined;
        if (!required && !ctx.fillOptional) continue;
        if (!required && /^(after|before)$/.test(f.name)) continue;
        const v = this.valueFor(f.type, f.name, ctx, depth + 1);
        if (v !== undefined) out[f.name] = v;
        else if (required) return undefined;
      }
      return out;
    }
    return undefined;
  }

  /** Variables for every argument of a field (optional ones only when filling optional fields). */
  variablesFor(field: RootField, options: { attempt?: number; pool?: IdPool; fillOptional?: boolean } = {}): Record<string, unknown> {
    const attempt = options.attempt ?? 0;
    const ctx: GenContext = {
      attempt,
      pool: options.pool ?? this.options.pool,
      selfType: this.selfTypeOf(field),
      fillOptional: options.fillOptional ?? attempt % 2 === 1,
      used: new Map(),
      destructive: DESTRUCTIVE.test(field.name),
      knownEmails: this.options.knownEmails?.() ?? [],
    };
    const vars: Record<string, unknown> = {};
    for (const arg of field.args) {
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      if (!required && !ctx.fillOptional) continue;
      if (!required && /^(after|before)$/.test(arg.name)) continue;
      const v = this.valueFor(arg.type, arg.name, ctx);
      if (v !== undefined) vars[arg.name] = v;
    }
    return vars;
  }

  /** A selection that reads ids, token strings and userErrors, never other content. */
  selectionFor(type: GraphQLType, depth = 0): string {
    const named = getNamedType(type) as GraphQLNamedType;
    if (isScalarType(named) || isEnumType(named)) return '';
    if (isUnionType(named) || isInterfaceType(named)) {
      return `{ __typename ${isInterfaceType(named) && named.getFields().id ? 'id' : ''} }`;
    }
    if (!isObjectType(named)) return '';
    const parts: string[] = ['__typename'];
    for (const f of Object.values(named.getFields())) {
      if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
      const t = getNamedType(f.type);
      if (f.name === 'id' || (isScalarType(t) && /token$/i.test(f.name) && t.name === 'String')) parts.push(f.name);
      else if (f.name === 'userErrors') parts.push('userErrors { code field message }');
      else if (isObjectType(t) && /Connection$/.test(t.name) && t.getFields().edges && depth < 2) {
        const node = (getNamedType(t.getFields().edges!.type) as GraphQLObjectType).getFields().node;
        const sub = node ? this.selectionFor(node.type, depth + 1) : '';
        if (sub) parts.push(`${f.name} { edges { node ${sub} } }`);
      } else if ((isObjectType(t) || isInterfaceType(t)) && depth < 2 && !(this.options.skipFields ?? /petitioner|pii|personal|contact/i).test(f.name)) {
        const sub = this.selectionFor(f.type, depth + 1);
        if (sub && sub !== '{ __typename }') parts.push(`${f.name} ${sub}`);
      }
    }
    return `{ ${parts.join(' ')} }`;
  }

  document(kind: OperationKind, field: RootField, variables: Record<string, unknown>): string {
    const used = field.args.filter((a) => a.name in variables);
    const defs = used.map((a: GraphQLArgument) => `$${a.name}: ${String(a.type)}`).join(', ');
    const args = used.map((a) => `${a.name}: $${a.name}`).join(', ');
    return `${kind} Driver${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''} ${this.selectionFor(field.type)} }`;
  }

  /** Runs one call and classifies it; harvests the response into the pool. */
  async execute(kind: OperationKind, field: RootField, variables: Record<string, unknown>, caller: Caller): Promise<{ response: GqlResponse; ok: boolean; failure: string | null }> {
    const response = await gql(this.options.url, this.document(kind, field, variables), variables, caller.token);
    const rootErrors = (response.errors ?? []).filter((e) => !e.path || e.path.length === 1);
    const payload = response.data?.[field.name] as { userErrors?: { code: string; message: string; field?: string[] }[] } | null | undefined;
    let failure: string | null = null;
    if (rootErrors.length) failure = rootErrors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ');
    else if (payload === null || payload === undefined) failure = 'null result';
    else if (payload.userErrors?.length) failure = payload.userErrors.map((e) => `${e.code}${e.field ? `(${e.field.join('.')})` : ''}: ${e.message}`).join('; ');
    if (response.data) this.options.pool.harvest(response.data);
    return { response, ok: failure === null, failure };
  }

  /** Tries a field until it succeeds or attempts run out; callers by its access rule. */
  async exercise(field: RootField, kind: OperationKind = 'mutation', hooks: ExerciseHooks = {}): Promise<ExerciseResult> {
    const callers = await this.options.callers(accessRules.get(field.name), field, kind);
    const attempts: AttemptRecord[] = [];
    const max = this.options.maxAttempts ?? 16;
    for (const caller of callers) {
      let renewed = false;
      for (let attempt = 0; attempt < max; attempt++) {
        const recipe = this.options.recipes?.[field.name];
        const prepared = recipe ? await recipe({ attempt, caller, url: this.options.url, pool: this.options.pool }) : null;
        const variables = prepared ?? this.variablesFor(field, { attempt });
        await hooks.before?.({ field: field.name, attempt, caller, variables });
        const result = await this.execute(kind, field, variables, caller);
        const record: AttemptRecord = { field: field.name, attempt, caller, variables, ...result };
        attempts.push(record);
        await hooks.after?.(record);
        if (record.ok) return { field: field.name, ok: true, success: record, attempts };
        // A session ended by an earlier mutation under test: sign in again once, same attempt.
        if (/^UNAUTHENTICATED/.test(record.failure ?? '') && caller.renew && !renewed) {
          renewed = true;
          await caller.renew();
          attempt--;
          continue;
        }
        // Wrong caller or throttled: trying other arguments will not help.
        if (/^(FORBIDDEN|UNAUTHENTICATED|RATE_LIMITED)/.test(record.failure ?? '')) break;
      }
    }
    return { field: field.name, ok: false, success: null, attempts };
  }

  /**
   * Exercises every field: creators first, destructive ones last, failures
   * retried in later passes (the pool grows as others succeed).
   */
  async exerciseAll(fields: RootField[], kind: OperationKind = 'mutation', hooks: ExerciseHooks = {}): Promise<Map<string, ExerciseResult>> {
    const results = new Map<string, ExerciseResult>();
    let pending = [...fields].sort((a, b) => phaseOf(a.name) - phaseOf(b.name) || a.name.localeCompare(b.name));
    for (let pass = 0; pending.length && pass < 4; pass++) {
      const failed: RootField[] = [];
      for (const f of pending) {
        const r = await this.exercise(f, kind, hooks);
        const previous = results.get(f.name);
        results.set(f.name, previous ? { ...r, attempts: [...previous.attempts, ...r.attempts] } : r);
        if (!r.ok) failed.push(f);
      }
      if (failed.length === pending.length) break;
      pending = failed;
    }
    return results;
  }
}

/**
 * Runs every list query (a Connection with no required argument) as the
 * caller and harvests the ids of its first page into the pool.
 */
export async function discover(driver: OperationDriver, caller: Caller, pageSize = 50): Promise<void> {
  for (const field of driver.fields('query')) {
    const out = getNamedType(field.type);
    if (!isObjectType(out) || !/Connection$/.test(out.name) || !out.getFields().edges) continue;
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const hasFirst = field.args.some((a) => a.name === 'first');
    const query = `{ ${field.name}${hasFirst ? `(first: ${pageSize})` : ''} { edges { node { id } } } }`;
    const res = await gql(driver.options.url, query, {}, caller.token);
    if (res.data) driver.pool.harvest(res.data);
  }
}

/** One line per attempt, for failure messages. */
export function describeAttempts(result: ExerciseResult, limit = 6): string {
  return result.attempts
    .slice(-limit)
    .map((a) => `  #${a.attempt} as ${a.caller.label} with ${JSON.stringify(a.variables)} → ${a.failure}`)
    .join('\n');
}
