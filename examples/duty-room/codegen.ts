// graphql-codegen: typed documents for the duty-room client from the committed schema, plus
// persisted-documents.json (a GRAPHQL_TRUSTED_DOCUMENTS manifest). Run from the repository root:
//   npx graphql-codegen --config examples/duty-room/codegen.ts
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['examples/duty-room/src/**/*.ts', '!examples/duty-room/src/gql/**'],
  // A document the schema no longer accepts fails here, before the type check.
  ignoreNoDocuments: false,
  // ES module imports with .js extensions (NodeNext resolution).
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/duty-room/src/gql/': {
      preset: 'client',
      presetConfig: { persistedDocuments: true, fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', JSON: 'unknown' } },
    },
  },
};

export default config;
