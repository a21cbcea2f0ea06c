// npm installed two identical copies of graphql 15 for PostGraphile 4 (one under
// postgraphile/, one under graphile-build-pg/, as the root holds graphql 16 for
// the API). Two copies break graphql's instanceof checks ("Unexpected input type"),
// and its helpers (graphql-parse-resolve-info...) would pick up the root's 16. The peer
// process runs nothing else, so every require of 'graphql' gets postgraphile's copy.
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const requireFromPeer = createRequire(createRequire(import.meta.url).resolve('postgraphile'));
const graphqlDir = path.dirname(requireFromPeer.resolve('graphql/package.json'));

type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve };
const original = mod._resolveFilename;
mod._resolveFilename = function (request, parent, ...rest) {
  if (request === 'graphql' || request.startsWith('graphql/')) {
    return original.call(this, path.join(graphqlDir, request.slice('graphql'.length)), parent, ...rest);
  }
  return original.call(this, request, parent, ...rest);
};
