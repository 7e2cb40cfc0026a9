#!/usr/bin/env node
// The `castmatch` command. The app's code is TypeScript run by Node 22's type stripping (npm scripts and
// npx put the project's Node 22 first on PATH), so this launcher only checks the version and hands over.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `castmatch needs Node.js 22.18 or newer (this is ${process.version}). Run it as \`npx castmatch …\` in the project.`,
  );
  process.exit(2);
}
await import('../src/backend/cli/castmatch.ts');
