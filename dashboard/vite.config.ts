import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev -w @sitewatch/dashboard` serves the app with hot reload and forwards the API and
// Socket.IO to a hub started with `npm start` (HUB_URL overrides where it listens).
const hub = process.env.HUB_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    sourcemap: true,
    // Budget: initial JS ≤ 300 KB gzipped (scripts/budget.mjs measures it); charts load with their page.
    chunkSizeWarningLimit: 1200,
  },
  // The Focus page's analysis worker imports onnxruntime-web, an ES module that locates its wasm
  // through import.meta.url.
  worker: { format: "es" },
  server: {
    proxy: {
      "/api": hub,
      "/models": hub,
      "/socket.io": { target: hub, ws: true },
    },
  },
});
