import { fileURLToPath } from 'node:url'

import { defineConfig } from 'vite'

// monaco-yaml imports Monaco's worker by its file path; Monaco 0.57's export map no longer
// lists that path, so it is pointed at the file. The schema lives in the repository's schemas/.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^monaco-editor\/esm\/vs\/(.*)$/,
        replacement: fileURLToPath(new URL('node_modules/monaco-editor/esm/vs/$1', import.meta.url)),
      },
    ],
  },
  server: { fs: { allow: ['../..'] } },
  build: { chunkSizeWarningLimit: 8000 },
})
