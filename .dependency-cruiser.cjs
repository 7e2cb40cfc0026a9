// Import boundaries as an allow-list: every import in src/ must match a rule built from import-boundaries.cjs,
// or `npm test` fails (dependency-cruiser reports it as "not-in-allowed"). TypeScript is parsed with swc,
// since TypeScript 7 has no JavaScript API for dependency-cruiser to use.
const { layers, unrestricted } = require('./import-boundaries.cjs');

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const under = (folders) => `^(?:${folders.map(escapeRegex).join('|')})/`;

/** Files of `layer` that no earlier (more specific) layer claims. */
function fromLayer(layer) {
  const inside = layers.filter((l) => l !== layer && l.folder.startsWith(`${layer.folder}/`));
  return inside.length
    ? { path: under([layer.folder]), pathNot: under(inside.map((l) => l.folder)) }
    : { path: under([layer.folder]) };
}

const allowed = layers.flatMap((layer) => {
  const from = fromLayer(layer);
  const rules = [{ from, to: { path: under([layer.folder, ...layer.folders]) } }];
  if (layer.packages.length) {
    rules.push({
      from,
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer'],
        path: `^node_modules/${under(layer.packages).slice(1)}`,
      },
    });
  }
  if (layer.node) rules.push({ from, to: { dependencyTypes: ['core'] } });
  return rules;
});
allowed.push({ from: { path: under(unrestricted) }, to: {} });

module.exports = {
  forbidden: [
    {
      name: 'not-resolvable',
      comment: 'An import that resolves to no file or package (a typo, or a package not in package.json).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  allowed,
  allowedSeverity: 'error',
  options: {
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // A checkout whose node_modules is a link (the planted-import test's copy) resolves packages there too.
    preserveSymlinks: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
    },
  },
};
