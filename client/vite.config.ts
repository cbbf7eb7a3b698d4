/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build lands in the host's wwwroot: one origin, cookie auth, deep links fall back to index.html.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../src/Host/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Four entries: the staff app, the light public survey page customers open on their phones, the web form (/support) and the customer portal (/portal).
    rollupOptions: { input: { index: 'index.html', survey: 'survey.html', support: 'support.html', portal: 'portal.html' } },
  },
  server: { proxy: { '/api': 'http://localhost:5080', '/health': 'http://localhost:5080' } },
  test: { environment: 'jsdom', include: ['src/**/*.test.{ts,tsx}'] },
});
