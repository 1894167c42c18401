import { describe, expect, it } from 'vitest'
import { ATTACHMENT_LIMITS } from '../limits.ts'
import { cleanAttachmentName } from './name.ts'

describe('cleanAttachmentName', () => {
  it('keeps only the last path segment', () => {
    expect(cleanAttachmentName('C:\\Users\\me\\plot.png')).toBe('plot.png')
    expect(cleanAttachmentName('../../etc/passwd')).toBe('passwd')
    expect(cleanAttachmentName('dir/')).toBe('file')
  })

  it('removes control and bidi characters and collapses whitespace', () => {
    expect(cleanAttachmentName('a\u0000b\nc\td.txt')).toBe('ab c d.txt')
    expect(cleanAttachmentName('invoice\u202Egpj.exe')).toBe('invoicegpj.exe')
    expect(cleanAttachmentName('  two   spaces .csv ')).toBe('two spaces .csv')
  })

  it('is never empty nor a dot name', () => {
    expect(cleanAttachmentName('')).toBe('file')
    expect(cleanAttachmentName('..')).toBe('file')
    expect(cleanAttachmentName('\u0001\u0002')).toBe('file')
  })

  it('cuts a long name to maxNameChars code points, keeping the extension', () => {
    const long = `${'ü'.repeat(300)}.safetensors`
    const cut = cleanAttachmentName(long)
    expect([...cut]).toHaveLength(ATTACHMENT_LIMITS.maxNameChars)
    expect(cut.endsWith('.safetensors')).toBe(true)
    const emoji = cleanAttachmentName('😀'.repeat(250))
    expect([...emoji]).toHaveLength(ATTACHMENT_LIMITS.maxNameChars)
    expect(emoji).toBe('😀'.repeat(ATTACHMENT_LIMITS.maxNameChars))
  })
})
