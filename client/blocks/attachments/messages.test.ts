import { describe, expect, it } from 'vitest'
import { ATTACHMENT_LIMITS } from '#shared/limits'
import { humanSize } from './format.ts'
import { refusal } from './insert.ts'
import { refusalMessage, uploadPath } from './upload-request.ts'

describe('attachment messages', () => {
  it('sizes read as people read them', () => {
    expect(humanSize(0)).toBe('0 B')
    expect(humanSize(1023)).toBe('1023 B')
    expect(humanSize(14 * 1024 + 100)).toBe('14 KB')
    expect(humanSize(3.24 * 1024 * 1024)).toBe('3.2 MB')
    expect(humanSize(ATTACHMENT_LIMITS.maxBytes)).toBe('25 MB')
  })

  it('a file over the limit is refused before anything is sent, naming both sizes; at the limit it goes', () => {
    expect(refusal({ name: 'weights.bin', size: ATTACHMENT_LIMITS.maxBytes + 1 })).toBe(
      '"weights.bin" is too large to attach (25 MB). Files can be up to 25 MB.',
    )
    expect(refusal({ name: 'big.bin', size: 40 * 1024 * 1024 })).toBe('"big.bin" is too large to attach (40 MB). Files can be up to 25 MB.')
    expect(refusal({ name: 'ok.bin', size: ATTACHMENT_LIMITS.maxBytes })).toBeNull()
  })

  it("the server's refusal in words: its message as a sentence, megabytes for 413, a wait for 429", () => {
    expect(refusalMessage(400, { error: { code: 'bad_request', message: 'the upload is empty' } })).toBe('The upload is empty.')
    expect(refusalMessage(413, { error: { code: 'attachment_too_large', message: 'attachments are at most 26214400 bytes' } })).toBe(
      'The file is too large. Files can be up to 25 MB.',
    )
    expect(refusalMessage(429, null)).toBe('Too many uploads. Wait a minute and try again.')
    expect(refusalMessage(403, { error: { code: 'forbidden', message: 'forbidden' } })).toBe('You do not have permission to attach files here.')
    expect(refusalMessage(500, '<html>')).toBe('The upload failed (500).')
  })

  it('the name travels in the query, encoded', () => {
    expect(uploadPath('p 1', 'loss curve #2.png')).toBe('/api/projects/p%201/attachments?name=loss%20curve%20%232.png')
  })
})
