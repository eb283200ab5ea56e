// Renderer unit and component tests (test/renderer), in happy-dom. Node-side tests use node:test.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('./', import.meta.url)),
  plugins: [react()],
  test: {
    include: ['test/renderer/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    pool: 'threads',
    maxWorkers: 2,
  },
});
