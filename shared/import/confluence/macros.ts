/** Confluence's code macro brushes, as the languages the editor highlights. */
const BRUSHES: Record<string, string> = { py: 'python', python: 'python', sh: 'bash', shell: 'bash', bash: 'bash', js: 'javascript', jscript: 'javascript' }
for (const [brush, lang] of Object.entries({ javascript: 'javascript', ts: 'typescript', typescript: 'typescript', sql: 'sql', yml: 'yaml', yaml: 'yaml' }))
  BRUSHES[brush] = lang

/**
 * The language of `data-syntaxhighlighter-params="brush: py; gutter: false"`: a known brush's
 * language, else the brush itself if it is a plain word (never anything that could leave a class
 * attribute), else none.
 */
export function codeLanguage(params: string): string | null {
  const brush = /(?:^|;)\s*brush:\s*([^;]*)/i.exec(params)?.[1]?.trim().toLowerCase() ?? ''
  const language = BRUSHES[brush] ?? brush
  return /^[a-z0-9_+#.-]{1,40}$/.test(language) && language !== 'none' && language !== 'text' ? language : null
}
