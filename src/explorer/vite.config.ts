import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compressAssets } from './compress.js';

const outDir = fileURLToPath(new URL('../../dist/explorer', import.meta.url));

/**
 * Builds the explorer page into dist/explorer, served by the API server at /explorer/. The graph
 * engine (cytoscape, fcose) is a chunk of its own, loaded after the first view; every text asset
 * gets .gz and .br copies.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/explorer/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  plugins: [compressAssets(outDir)],
});
