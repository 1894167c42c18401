import type { FastifyInstance, FastifyRequest } from 'fastify'
import { type CreatedWebhook, CreateWebhook, type DeliveryView, type WebhookView, WebhookParams } from '#shared/api/webhooks'
import { actorOf } from '../audit/actor.ts'
import type { AuditLog } from '../audit/audit-log.ts'
import { userIdOf } from '../auth/principal.ts'
import { HttpError } from '../http/errors.ts'
import { addressCheck } from '../net/address-policy.ts'
import { checkTarget, isRefusal } from '../net/target.ts'
import { iso } from '../http/iso.ts'
import type { Directory } from '../workspaces/directory.ts'
import type { Delivery, Webhook, WebhookStore } from './webhook-store.ts'

const hookView = (w: Webhook): WebhookView => ({ id: w.id, url: w.url, events: w.events, createdAt: iso(w.createdAt) })
const deliveryView = (d: Delivery): DeliveryView => ({
  id: d.id,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  lastCode: d.lastCode,
  lastError: d.lastError,
  createdAt: iso(d.createdAt),
  deliveredAt: d.deliveredAt === null ? null : iso(d.deliveredAt),
  nextAttempt: d.status === 'pending' ? iso(d.nextAttempt) : null,
})

type P = { Params: { projectId: string; webhookId: string } }

/** Webhooks of a project (owners). The live "tasks changed" stream is server/events/stream.ts. */
export async function webhookRoutes(
  app: FastifyInstance,
  opts: { webhooks: WebhookStore; allowPrivate: boolean; directory: Directory; audit: AuditLog },
): Promise<void> {
  const { webhooks, directory, audit } = opts
  // Who adds or removes a receiver of the project's task data is for the owners' audit log.
  const record = (request: FastifyRequest<P>, kind: 'webhook.created' | 'webhook.removed', hook: Webhook): void => {
    const actorId = actorOf(request.principal)
    const workspaceId = directory.project(hook.projectId)?.workspaceId ?? null
    audit.record({ kind, actorId, workspaceId, address: request.ip, detail: { webhookId: hook.id, projectId: hook.projectId, host: new URL(hook.url).host } })
  }
  const policy = { allowPrivate: opts.allowPrivate }
  const checkAddress = addressCheck(policy)
  const owner = { access: { on: 'project' as const, param: 'projectId', min: 'owner' as const } }
  const ownHook = (projectId: string, id: string): Webhook => {
    const hook = webhooks.get(id)
    if (!hook || hook.projectId !== projectId) throw new HttpError(404, 'not_found', 'webhook not found')
    return hook
  }

  app.post<P>('/api/projects/:projectId/webhooks', { config: owner }, async (request, reply) => {
    const input = CreateWebhook.parse(request.body)
    // An early, clear refusal of what can be seen in the URL itself (scheme, credentials, a
    // refused name or literal address). The guard is at delivery time, on the resolved address.
    const target = checkTarget(input.url, policy, checkAddress)
    if (isRefusal(target))
      throw new HttpError(400, target.reason === 'invalid_url' ? 'invalid_url' : 'target_not_allowed', `webhook URL refused: ${target.message}`)
    const userId = userIdOf(request.principal)
    const { webhook, secret } = webhooks.create({ projectId: request.params.projectId, url: input.url, events: input.events, createdBy: userId })
    record(request, 'webhook.created', webhook)
    return reply.status(201).send({ webhook: hookView(webhook), secret } satisfies CreatedWebhook)
  })

  app.get<P>('/api/projects/:projectId/webhooks', { config: owner }, async (request): Promise<WebhookView[]> =>
    webhooks.ofProject(request.params.projectId).map(hookView),
  )

  app.delete<P>('/api/projects/:projectId/webhooks/:webhookId', { config: owner }, async (request) => {
    const { projectId, webhookId } = WebhookParams.parse(request.params)
    const hook = ownHook(projectId, webhookId)
    webhooks.remove(webhookId)
    record(request, 'webhook.removed', hook)
    return { ok: true }
  })

  app.get<P>('/api/projects/:projectId/webhooks/:webhookId/deliveries', { config: owner }, async (request): Promise<DeliveryView[]> => {
    const { projectId, webhookId } = WebhookParams.parse(request.params)
    ownHook(projectId, webhookId)
    return webhooks.log(webhookId).map(deliveryView)
  })
}
