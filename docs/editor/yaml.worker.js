// Vite bundles a worker from a local file only (see monaco-yaml's README, "Why doesn't it
// work with Vite?").
import 'monaco-yaml/yaml.worker.js'
