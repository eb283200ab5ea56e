// Builds the React UI (src-renderer) into dist/renderer, which the gateway serves at `/`
// and the Electron window loads. `base: './'` keeps asset URLs relative so the same build
// works behind any host name or path prefix; routes live in the hash for the same reason.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./src-renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    // React DOM alone is ~190 KB minified; the pairing screen (with the QR encoder) is split off.
    chunkSizeWarningLimit: 400,
  },
});
