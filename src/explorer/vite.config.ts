import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Builds the explorer page into dist/explorer, served by the API server at /explorer/. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/explorer/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/explorer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
