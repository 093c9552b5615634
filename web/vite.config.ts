import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * The console is one app; each role's workspace is its own chunk (lazy routes), so a trainee's
 * phone loads the check-in page without the school's uploader or the reviewer's charts.
 * `npm run dev:web` serves it with hot reload and `VITE_API_BASE` pointing at the local runtime;
 * built, it is served by the local gateway (or CloudFront) at the API's own origin.
 */
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1_200,
    // Read by `npm run bench:console` to weigh what each route loads.
    manifest: true,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
