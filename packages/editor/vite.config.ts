import { defineConfig } from 'vite';

/** Builds the standalone embed bundle (dist/embed.js): one ES module with every dependency and its CSS. */
export default defineConfig({
  build: {
    emptyOutDir: false,
    outDir: 'dist',
    target: 'es2022',
    lib: { entry: 'src/embed.ts', formats: ['es'], fileName: () => 'embed.js' },
    // Vite keeps whitespace in ES library builds; the embed is a leaf bundle, so minify it fully.
    rolldownOptions: { output: { minify: process.env.EMBED_MINIFY !== "0" } },
  },
});
