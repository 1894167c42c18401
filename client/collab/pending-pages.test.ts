import { describe, expect, it } from 'vitest'
import { retryRefusal, WAIT_FOR_SERVER_MS } from './pending-pages.ts'

describe('a refused socket for a page the server does not know yet', () => {
  it('retries a 4404 while the page is pending, up to the window from the first refusal', () => {
    let r = retryRefusal(4404, true, null, 1000)
    expect(r).toEqual({ retry: true, since: 1000 })
    r = retryRefusal(4404, true, r.since, 1000 + WAIT_FOR_SERVER_MS - 1)
    expect(r).toEqual({ retry: true, since: 1000 })
    expect(retryRefusal(4404, true, r.since, 1000 + WAIT_FOR_SERVER_MS)).toEqual({ retry: false, since: null })
  })

  it('does not retry a page that is not pending, nor other refusals', () => {
    expect(retryRefusal(4404, false, null, 0).retry).toBe(false)
    expect(retryRefusal(4401, true, null, 0).retry).toBe(false)
    expect(retryRefusal(4403, true, 5, 10).retry).toBe(false)
  })
})
