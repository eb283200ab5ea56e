// Builds the React UI (src-renderer) into dist/renderer, which the gateway serves at `/`
// and the Electron window loads. `base: './'` keeps asset URLs relative so the same build
// works behind any host name or path prefix; routes live in the hash for the same reason.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const outDir = here('./dist/renderer');

/**
 * Writes `<file>.gz` beside every text asset so the gateway can send it as-is to a phone that
 * accepts gzip (three times fewer bytes over a slow tunnel) without compressing per request.
 */
function precompress(): Plugin {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  return {
    name: 'hearth-precompress',
    apply: 'build',
    closeBundle() {
      for (const f of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(f)) continue;
        writeFileSync(`${f}.gz`, gzipSync(readFileSync(f), { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here('./src-renderer'),
  base: './',
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    // React DOM alone is ~190 KB minified; the pairing screen (with the QR encoder) is split off.
    chunkSizeWarningLimit: 400,
    // Two pages from one app: the web UI (gateway, phone) and the desktop shell's own page
    // (wizard, node status, settings over IPC), which the Electron window shows on hearth://app/.
    rollupOptions: { input: { main: here('./src-renderer/index.html'), desktop: here('./src-renderer/desktop.html') } },
  },
});
