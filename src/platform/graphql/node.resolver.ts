import { Arg, Ctx as GqlCtx, ID, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../context.js';
import { Allow } from './allow.js';
import { Node } from './relay.js';
import { parseGlobalId } from '../ids.js';
import { nodeFetchers } from './node-registry.js';
import { notFound } from '../errors.js';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { description: 'Any object by global id; NOT_FOUND when it does not exist or the caller may not see it. 按全局标识取对象。' })
  @Allow.signedIn()
  async node(@GqlCtx() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<Node> {
    const parsed = parseGlobalId(id);
    const fetch = parsed ? nodeFetchers.get(parsed.type) : undefined;
    const node = parsed && fetch ? await fetch(ctx, parsed.id) : null;
    if (!node) throw notFound('Object', ['id']);
    return node;
  }
}
