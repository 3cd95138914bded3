import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `pnpm dev` runs the API on 8787 (tsx watch) and this dev server with hot reload in front of it.
const api = process.env.API_URL ?? 'http://127.0.0.1:8787';
// Cookie-authenticated changes must carry the API's own Origin (CSRF check), so the proxy presents it.
const proxy = { target: api, changeOrigin: true, headers: { origin: api } };

export default defineConfig({
  plugins: [react()],
  build: {
    // The budget test reads .vite/manifest.json to add up what the step page loads first.
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    // Minified size; what matters is compressed size, which e2e/budget.test.ts holds to 200 KB.
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': proxy, '/healthz': proxy, '/reset-password': proxy },
  },
});
