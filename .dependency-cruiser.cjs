// The import rules of the house (README, Layout): server/admin -> modules -> platform,
// never back; a module reaches another only through its public face. `npm test`
// runs `depcruise src`; a violating import fails with the rule's name.
/** A module's public face: the files at its root named *.service, *.access, *.sql, *.entity, *.enums, *.model, *.types, *.errors or *.loaders. */
const PUBLIC_FACE = '^src/modules/[^/]+/[^/]+\\.(service|access|sql|entity|enums|model|types|errors|loaders)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-no-module',
      comment: 'src/platform/ is what every module uses; it knows no module and no composition root (pass what it needs as an argument).',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|server|admin)/|^src/main\\.ts$' },
    },
    {
      name: 'module-imports-no-composition-root',
      comment: 'Modules never import src/server/ or src/admin/: the roots list the modules, not the other way round.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(server|admin)/|^src/main\\.ts$' },
    },
    {
      name: 'server-imports-no-admin',
      comment: 'The CLI (src/admin/) may use the server composition root; the server never imports the CLI.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/admin/' },
    },
    {
      name: 'module-private',
      comment: `A module uses another only through its public face (${PUBLIC_FACE}); resolvers, inputs, seeds, jobs and helpers are private.`,
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', PUBLIC_FACE] },
    },
    {
      name: 'no-circular',
      comment: 'No import circles, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
