import type { FastifyInstance } from 'fastify'
import { CommentDocParams, CommentParams, CreateThreadBody, EditBody, ReplyBody, ThreadParams } from '#shared/api/comments'
import { requireUser } from '../auth/principal.ts'
import type { Comments } from './service.ts'

/**
 * Inline comments (docs/PROTOCOL.md, Comments). Viewers read; commenters and above write (the
 * handler narrows edit to the author, delete to the author or an owner).
 */
export async function commentRoutes(app: FastifyInstance, opts: { comments: Comments }): Promise<void> {
  const { comments } = opts
  const read = { access: { on: 'doc' as const, param: 'docId', min: 'viewer' as const } }
  const write = { access: { on: 'doc' as const, param: 'docId', min: 'commenter' as const } }

  app.get('/api/docs/:docId/comments', { config: read }, async (request) => {
    const { docId } = CommentDocParams.parse(request.params)
    return { threads: comments.list(docId) }
  })

  app.post('/api/docs/:docId/comments', { config: write }, async (request, reply) => {
    const { docId } = CommentDocParams.parse(request.params)
    const { thread, created } = comments.create(docId, requireUser(request.principal).id, CreateThreadBody.parse(request.body))
    return reply.status(created ? 201 : 200).send(thread)
  })

  app.post('/api/docs/:docId/comments/:threadId/replies', { config: write }, async (request, reply) => {
    const { docId, threadId } = ThreadParams.parse(request.params)
    const { thread, created } = comments.reply(docId, threadId, requireUser(request.principal).id, ReplyBody.parse(request.body))
    return reply.status(created ? 201 : 200).send(thread)
  })

  app.patch('/api/docs/:docId/comments/:threadId/comments/:commentId', { config: write }, async (request) => {
    const { docId, threadId, commentId } = CommentParams.parse(request.params)
    return comments.edit(docId, threadId, commentId, requireUser(request.principal).id, EditBody.parse(request.body).body)
  })

  app.delete('/api/docs/:docId/comments/:threadId/comments/:commentId', { config: write }, async (request, reply) => {
    const { docId, threadId, commentId } = CommentParams.parse(request.params)
    comments.delete(docId, threadId, commentId, requireUser(request.principal).id, request.role)
    return reply.status(204).send()
  })

  for (const [verb, resolved] of [
    ['resolve', true],
    ['reopen', false],
  ] as const) {
    app.post(`/api/docs/:docId/comments/:threadId/${verb}`, { config: write }, async (request) => {
      const { docId, threadId } = ThreadParams.parse(request.params)
      return comments.setResolved(docId, threadId, requireUser(request.principal).id, resolved)
    })
  }
}
