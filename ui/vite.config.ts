// Vite builds ui/ into ui/dist, which tauri.conf.json embeds as the app's frontend; vitest runs
// the pure TypeScript tests from the same config.
import { fileURLToPath } from "node:url";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  // Keep Vite's and Vitest's caches in the root node_modules (gitignored), not in ui/.
  cacheDir: fileURLToPath(new URL("../node_modules/.vite", import.meta.url)),
  plugins: [svelte()],
  // `npm run dev` previews the UI in a browser (without Rust: commands fail and say so). The
  // app always loads the built ui/dist, in dev builds too, so it runs under the release CSP.
  server: { port: 5173, strictPort: true },
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.50 and current WebView2 both run modern JavaScript.
    target: "es2022",
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
