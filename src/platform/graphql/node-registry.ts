import type { Ctx } from '../context.js';
import type { Node } from './relay.js';

/** Loads one object by its uuid for `node(id:)`, or null when the caller may not see it. */
export type NodeFetcher = (ctx: Ctx, id: string) => Promise<Node | null>;

/** Type name (as in global ids) → fetcher. Each module registers its node types. */
export const nodeFetchers = new Map<string, NodeFetcher>();
