/**
 * The architecture's boundaries, checked on every `npm test` (DESIGN.md convention 10).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'services-are-independent',
      comment: 'Services talk through events only; one service never imports another.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/$1/' },
    },
    {
      name: 'services-know-no-cdk',
      comment: 'Handlers and domain code never import aws-cdk-lib; infra points at entry files.',
      severity: 'error',
      from: { path: '^(services|shared)/' },
      to: { path: 'node_modules/(aws-cdk-lib|constructs|aws-cdk|cdk-nag)/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'Domain logic is plain TypeScript, tested without I/O: no AWS SDK.',
      severity: 'error',
      from: { path: '^(services/[^/]+/src/(domain|classes|institutions|reference|roster)|shared/src/validation)/' },
      to: { path: 'node_modules/@aws-sdk/' },
    },
    {
      name: 'infra-imports-no-handler-code',
      comment: 'infra reads manifests and points at entry files; it never imports handlers or adapters.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^services/[^/]+/src/(handlers|adapters|domain)/' },
    },
    {
      name: 'shared-depends-on-nothing-of-ours',
      comment: 'The shared package is the bottom layer.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(services|infra|local|test)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)cdk\\.out/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
