import type { Editor } from '@tiptap/core'
import { ATTACHMENT_LIMITS } from '#shared/limits'
import { pickFiles } from './insert.ts'

/** "Image" and "File" in the slash menu: each opens the file chooser (images only, or anything). */
export const ATTACHMENT_SLASH_ITEMS = [
  {
    id: 'image',
    label: 'Image',
    hint: 'Upload a picture, a plot or a diagram',
    keywords: 'image picture photo plot figure screenshot upload',
    run: (e: Editor) => pickFiles(e, ATTACHMENT_LIMITS.inlineImageTypes.join(',')),
  },
  {
    id: 'file',
    label: 'File',
    hint: 'Attach a config, a small CSV or a PDF',
    keywords: 'file attachment upload pdf csv config',
    run: (e: Editor) => pickFiles(e, ''),
  },
]
