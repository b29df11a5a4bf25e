// Opens the built page in Chromium and saves what an editor shows for a disclosure: the
// error under a value with the wrong unit, the description of a field on hover, and the
// completion of a figure's method with the meaning of each. Chromium is Debian's (`apt-get install chromium`),
// or the one CHROMIUM names.
import { chromium } from 'playwright-core'
import { preview } from 'vite'

const server = await preview({ preview: { port: 4179, strictPort: true } })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
})
const page = await browser.newPage({ viewport: { width: 1000, height: 600 }, deviceScaleFactor: 1 })
await page.goto('http://localhost:4179/')
await page.waitForFunction(
  () => window.monaco?.editor.getModelMarkers({}).length > 0,
  null,
  { timeout: 30000 },
)

/** Moves the mouse over line `line`, column `column`, and waits for the hover to show. */
async function hover(line, column) {
  const at = await page.evaluate(
    ([line, column]) => {
      const editor = window.editor
      editor.revealLineInCenter(line)
      const box = editor.getDomNode().getBoundingClientRect()
      const p = editor.getScrolledVisiblePosition({ lineNumber: line, column })
      return { x: box.left + p.left + 4, y: box.top + p.top + p.height / 2 }
    },
    [line, column],
  )
  await page.mouse.move(0, 0)
  await page.mouse.move(at.x, at.y)
  await page.waitForSelector('.monaco-hover:not(.hidden)', { timeout: 10000 })
  await page.waitForTimeout(300)
}

const lines = (await page.evaluate(() => window.editor.getModel().getLinesContent()))
const lineOf = (needle) => lines.findIndex((l) => l.includes(needle)) + 1

await hover(lineOf('41.2 MW'), lines[lineOf('41.2 MW') - 1].indexOf('41.2') + 3)
await page.screenshot({ path: 'editor-error.png' })

await hover(lineOf('pue:'), 6)
await page.screenshot({ path: 'editor-hover.png' })

// Away from the text, and long enough for the last hover to close.
await page.mouse.move(990, 5)
await page.waitForSelector('.monaco-hover:not(.hidden)', { state: 'detached', timeout: 5000 }).catch(() => {})
await page.keyboard.press('Escape')
await page.waitForTimeout(500)
await page.evaluate((line) => {
  const editor = window.editor
  const text = editor.getModel().getLineContent(line)
  const column = text.indexOf('device_telemetry') + 1
  editor.executeEdits('screenshot', [
    {
      range: new window.monaco.Range(line, column, line, column + 'device_telemetry'.length),
      text: '',
    },
  ])
  editor.focus()
  editor.setPosition({ lineNumber: line, column })
  editor.trigger('screenshot', 'editor.action.triggerSuggest', {})
}, lineOf('method: device_telemetry'))
await page.waitForSelector('.suggest-widget.visible', { timeout: 10000 })
await page.waitForTimeout(300)
await page.evaluate(() => window.editor.trigger('screenshot', 'toggleSuggestionDetails', {}))
await page.waitForTimeout(500)
await page.screenshot({ path: 'editor-completion.png' })

await browser.close()
server.httpServer.close()
