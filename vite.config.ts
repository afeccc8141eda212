import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, defineConfig, type Plugin } from 'vite';

const outDir = 'dist/widget';
const version: string = JSON.parse(readFileSync('package.json', 'utf8')).version;
const jsx = { runtime: 'automatic', importSource: 'preact' } as const;
// Browsers with constructable stylesheets (Safari 16.4+): older ones get a <style> fallback and
// still read these rules, so the CSS minifier need not add polyfill variables for them.
const cssTarget = ['chrome111', 'firefox113', 'safari16.4'];

/** The lazily loaded ES chunks, by the name the loader asks for them. */
const chunks = {
  formConsent: 'widget/form-consent/entry.ts',
  outbox: 'widget/outbox/entry.ts',
  notice: 'widget/cookie-notice/notice-entry.ts',
  preferences: 'widget/cookie-notice/preferences-entry.ts',
  embed: 'widget/cookie-notice/embed-entry.ts',
  chat: 'widget/chat/entry.ts',
};

/**
 * An IIFE cannot code-split (vitejs/vite#2982), so the widget is two builds: the ES chunks first,
 * then the classic loader, which learns the chunks' content-hashed names from the manifest.
 */
function classicLoader(): Plugin {
  return {
    name: 'samtykke-classic-loader',
    apply: 'build',
    async closeBundle() {
      const manifest = JSON.parse(readFileSync(resolve(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; imports?: string[] }>;
      // Each chunk with every file it imports statically, so the loader fetches them all at once
      // instead of discovering them one parse at a time (a modulepreload list, in the fewest bytes):
      // 'notice-Ab12 model-Cd34 core-Ef56', under chunks/, without .js.
      const withImports = (key: string, seen = new Set<string>()): Set<string> => {
        if (!seen.has(key)) {
          seen.add(key);
          for (const dep of manifest[key]!.imports ?? []) withImports(dep, seen);
        }
        return seen;
      };
      const short = (key: string) => manifest[key]!.file.replace(/^chunks\/|\.js$/g, '');
      const files = Object.fromEntries(Object.entries(chunks).map(([name, src]) => [name, [...withImports(src)].map(short).join(' ')]));
      await build({
        configFile: false,
        logLevel: 'warn',
        publicDir: false,
        oxc: { jsx },
        define: { __CHUNKS__: JSON.stringify(files), __VERSION__: JSON.stringify(version), __LOADER__: 'true' },
        build: {
          outDir,
          emptyOutDir: false,
          // es2020 like the chunks: a browser without optional chaining cannot run the chunks' import() either,
          // and transpiling every ?. costs the loader a fifth of its budget.
          target: 'es2020',
          cssTarget,
          // Every page downloads this file: terser's repeated passes and top-level mangling make it
          // about 60 bytes (gzip) smaller than the default minifier, a tenth of what is left of 4 KB.
          minify: 'terser',
          terserOptions: { ecma: 2020, compress: { passes: 3, unsafe_arrows: true }, mangle: { toplevel: true } },
          lib: { entry: 'widget/loader.ts', formats: ['iife'], name: 'SamtykkeLoader', fileName: () => 'samtykke.js' },
        },
      });
      precompress(outDir);
    },
  };
}

/**
 * Writes `.br` and `.gz` beside every script and stylesheet, so the server sends the smallest
 * encoding the browser accepts without compressing on each request.
 */
function precompress(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(js|css)$/.test(entry.name) || entry.parentPath.includes('.vite')) continue;
    const file = join(entry.parentPath, entry.name);
    const body = readFileSync(file);
    writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  }
}

export default defineConfig({
  publicDir: false,
  oxc: { jsx },
  define: { __VERSION__: JSON.stringify(version), __LOADER__: 'false' },
  build: {
    outDir,
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    cssTarget,
    modulePreload: false,
    rollupOptions: {
      input: chunks,
      preserveEntrySignatures: 'exports-only',
      output: {
        format: 'es',
        // Six characters of hash (36 bits) tell versions of a chunk apart as well as eight, and the
        // loader, which lists every file name, is two dozen bytes smaller for it.
        entryFileNames: 'chunks/[name]-[hash:6].js',
        chunkFileNames: 'chunks/[name]-[hash:6].js',
        assetFileNames: 'chunks/[name]-[hash:6][extname]',
        // One shared file for what first-load chunks have in common (signals, storage, the outbox)
        // and one for Preact: a dozen tiny shared chunks would each cost a request and its headers.
        // Preact stays out of `core`, so a page that needs no Preact view never downloads it.
        manualChunks(id: string) {
          if (/node_modules\/preact\/|\/widget\/preact-ui\//.test(id)) return 'preact';
          if (/node_modules\/(@preact\/signals-core|idb)\//.test(id)) return 'core';
          if (/\/widget\/(util|ui|boot|site-config|outbox|transport)\//.test(id)) return 'core';
          // The notice's small shared helpers too: each separate file was one more request in the
          // notice's waterfall on a first visit.
          if (/\/widget\/cookie-notice\/(part|gate|storage|consent-mode)\.ts$/.test(id)) return 'core';
          return undefined;
        },
      },
    },
  },
  plugins: [classicLoader()],
});
