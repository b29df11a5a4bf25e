// The disclosure in Monaco with monaco-yaml, which runs yaml-language-server: the engine of
// Red Hat's YAML extension for VS Code and of yamlls in Neovim. The schema is the one
// committed in schemas/, exactly as an editor reads it.
import * as monaco from 'monaco-editor'
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker'
import { configureMonacoYaml } from 'monaco-yaml'

import schema from '../../schemas/disclosure.schema.json'
import text from './disclosure.yaml?raw'
import YamlWorker from './yaml.worker.js?worker'

window.MonacoEnvironment = {
  getWorker(_, label) {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker()
  },
}

configureMonacoYaml(monaco, {
  completion: true,
  hover: true,
  validate: true,
  schemas: [
    {
      fileMatch: ['**/disclosure.yaml'],
      uri: 'file:///schemas/disclosure.schema.json',
      schema,
    },
  ],
})

const model = monaco.editor.createModel(text, 'yaml', monaco.Uri.parse('file:///disclosure.yaml'))
window.editor = monaco.editor.create(document.getElementById('editor'), {
  model,
  fontSize: 14,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  renderLineHighlight: 'none',
  hover: { delay: 0 },
})
window.monaco = monaco
