/**
 * Import rules (`npm run check:deps`): no cycles (type imports included) and one direction,
 * routes -> features -> domain (tokenizers, analyzers, embeddings) -> models/types.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import cycles, type imports included.', from: {}, to: { circular: true } },
    {
      name: 'domain-not-upward', severity: 'error',
      comment: 'Domain code does not know about routes, features, workers, the app or the registry.',
      from: { path: '^src/(tokenizers|analyzers|embeddings)/' },
      to: { path: '^(routes/|src/(features|workers|plugins|app|server|readiness)|src/models/(registry|catalog))' },
    },
    {
      name: 'features-not-http', severity: 'error',
      comment: 'Features are called by routes; they do not import routes or the app.',
      from: { path: '^src/features/' },
      to: { path: '^(routes/|src/(app|server|plugins/))' },
    },
    {
      name: 'model-types-at-the-bottom', severity: 'error',
      comment: 'src/models/types.ts is what every model implements; it imports no model code.',
      from: { path: '^src/models/types' },
      to: { path: '^src/(tokenizers|analyzers|embeddings|features|workers)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
  },
};
