/**
 * The hostile inputs of xss.e2e.test.ts: links, pasted HTML and text, each reporting itself with
 * `__xss.push(<id>)` if a browser ever runs it.
 */

export type Path = 'paste' | 'rest' | 'yjs'
export interface Vector {
  id: number
  path: Path
  what: string
}

/** Dangerous hrefs: each calls `__xss.push(id)` if a browser ever runs it. */
export function hostileHrefs(id: number): { what: string; href: string }[] {
  const js = `__xss.push(${id})`
  return [
    { what: 'javascript:', href: `javascript:${js}` },
    { what: 'JaVaScRiPt:', href: `JaVaScRiPt:${js}` },
    { what: 'java<tab>script:', href: `java\tscript:${js}` },
    { what: 'java<newline>script:', href: `java\nscript:${js}` },
    { what: 'leading control char', href: `\u0001javascript:${js}` },
    { what: 'leading spaces', href: `   javascript:${js}` },
    { what: 'javascript&#58;', href: `javascript&#58;${js}` },
    { what: 'javascript&colon;', href: `javascript&colon;${js}` },
    { what: '&#106;avascript:', href: `&#106;avascript:${js}` },
    { what: '&#x6A;avascript: (hex entity)', href: `&#x6A;avascript:${js}` },
    { what: 'jav&#x09;ascript: (entity tab)', href: `jav&#x09;ascript:${js}` },
    { what: 'percent-encoded body', href: `javascript:%5F%5Fxss.push(${id})` },
    { what: 'javascript://%0a comment trick', href: `javascript://%0a${js}` },
    { what: 'data:text/html', href: `data:text/html,<script>${js}</script>` },
    { what: 'data:text/html;base64', href: `data:text/html;base64,${Buffer.from(`<script>${js}</script>`).toString('base64')}` },
    { what: 'data:image/svg+xml', href: `data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="${js}"/>` },
    { what: 'vbscript:', href: `vbscript:${js}` },
    { what: 'double-encoded %256A', href: `%256Aavascript:${js}` },
  ]
}

/** Hostile HTML fragments for the clipboard; `$` is replaced by the payload. */
export const HTML_VECTORS: [string, string][] = [
  ['img onerror', '<img src=x onerror="$">'],
  ['svg onload', '<svg onload="$"></svg>'],
  ['svg script', '<svg><script>$</script></svg>'],
  ['script tag', '<script>$</script>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>parent.$</script>"></iframe>'],
  ['iframe javascript src', '<iframe src="javascript:parent.$"></iframe>'],
  ['math mglyph mXSS', '<math><mtext><table><mglyph><style><img src=x onerror="$">'],
  ['details ontoggle', '<details open ontoggle="$">toggle</details>'],
  ['body onload', '<body onload="$"><p>body</p></body>'],
  ['style url(javascript:)', '<div style="background:url(javascript:$)">bg</div>'],
  ['style expression()', '<p style="width:expression($)">expr</p>'],
  ['p onmouseover', '<p onmouseover="$">hover me</p>'],
  ['a onclick', '<a href="https://ok.test/" onclick="$;return false">click me</a>'],
  ['object data', '<object data="javascript:$"></object>'],
  ['embed src', '<embed src="javascript:$">'],
  ['form action', '<form action="javascript:$"><button>go</button></form>'],
  ['input autofocus onfocus', '<input autofocus onfocus="$">'],
  ['video source onerror', '<video><source onerror="$"></video>'],
  ['audio onerror', '<audio src=x onerror="$"></audio>'],
  ['marquee onstart', '<marquee onstart="$">m</marquee>'],
  ['noscript mXSS', '<noscript><p title="</noscript><img src=x onerror=$>"></noscript>'],
  ['title attribute breaking quotes', '<a title="&quot; onmouseover=&quot;$" href="https://ok.test/">quoted</a>'],
  ['alt breaking out', '<img src=x alt="&quot;&gt;&lt;img src=x onerror=$&gt;">'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:$">'],
  ['base href', '<base href="javascript:$//">'],
  ['link stylesheet', '<link rel=stylesheet href="javascript:$">'],
  ['style @import', "<style>@import 'javascript:$';</style>"],
  ['svg xlink:href', '<svg><a xlink:href="javascript:$"><text y=20>svg link</text></a></svg>'],
  ['svg animate onbegin', '<svg><animate onbegin="$" attributeName=x dur=1s></animate></svg>'],
  ['svg set onmouseover', '<svg><set attributeName="onmouseover" to="$"/></svg>'],
  ['entity-encoded handler', '<img src=x onerror="&#95;&#95;xss.push(@)">'],
  ['template content', '<template><img src=x onerror="$"></template>'],
  ['xmp breakout', '<xmp><img src=x onerror="$"></xmp>'],
  ['doc link with hostile id', '<a data-doc-link data-doc-id="&quot;&gt;&lt;img src=x onerror=$&gt;">doc</a>'],
  ['doc link with javascript id', '<a data-doc-link data-doc-id="javascript:$">doc</a>'],
  ['code block language', '<pre><code class="language-&quot;&gt;&lt;img src=x onerror=$&gt;">code</code></pre>'],
  ['heading with handler', '<h2 onclick="$">heading</h2>'],
  ['task-looking div', '<div data-type="task" data-assignee="&quot;&gt;&lt;img src=x onerror=$&gt;">task</div>'],
]

/** Text payloads for REST fields (titles, names, notes), where `$` is the payload. */
export const TEXT_VECTORS: [string, string][] = [
  ['img onerror', '<img src=x onerror="$">'],
  ['quote breakout svg', '"><svg onload=$>'],
  ['single-quote breakout', "'><img src=x onerror=$>"],
  ['script close', '</script><script>$</script>'],
  ['markdown link', '[click](javascript:$)'],
  ['bare javascript url', 'javascript:$'],
  ['template injection', "{{constructor.constructor('$')()}}"],
]

/** What counts as safe where a link points: http(s), mailto, or this site. */
export function hrefIsSafe(resolved: string, origin: string): boolean {
  try {
    const u = new URL(resolved)
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:' || u.origin === origin
  } catch {
    return false
  }
}
