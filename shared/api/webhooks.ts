import { z } from 'zod'

/** The task events a webhook can subscribe to (a completion is also sent as task.changed). */
export const WEBHOOK_EVENTS = ['task.created', 'task.changed', 'task.completed', 'task.deleted'] as const
export const WebhookEvent = z.enum(WEBHOOK_EVENTS)
export type WebhookEvent = z.infer<typeof WebhookEvent>

/** `POST /api/projects/:projectId/webhooks`: every event unless some are named. */
export const CreateWebhook = z.object({
  url: z.string().max(2000),
  events: z
    .array(WebhookEvent)
    .min(1)
    .default([...WEBHOOK_EVENTS]),
})
export type CreateWebhook = z.infer<typeof CreateWebhook>

/** A webhook as its project's owners see it (the secret never again after creation). */
export const WebhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(WebhookEvent),
  createdAt: z.string(),
})
export type WebhookView = z.infer<typeof WebhookView>

/** The answer to creating one: the signing secret, shown this once. */
export const CreatedWebhook = z.object({ webhook: WebhookView, secret: z.string() })
export type CreatedWebhook = z.infer<typeof CreatedWebhook>

export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed'])
export type DeliveryStatus = z.infer<typeof DeliveryStatus>

/** `GET …/webhooks/:webhookId/deliveries`: the delivery log, newest first (50 at most). */
export const DeliveryView = z.object({
  id: z.string(),
  event: WebhookEvent,
  status: DeliveryStatus,
  attempts: z.number().int(),
  /** The receiver's HTTP status of the last attempt, if one answered. */
  lastCode: z.number().int().nullable(),
  /** What went wrong with the last attempt, as a stable word (never the network detail). */
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  /** When it is tried again; null once it is delivered or failed for good. */
  nextAttempt: z.string().nullable(),
})
export type DeliveryView = z.infer<typeof DeliveryView>

/** Path parameters (the project is authorised before the handler runs; an unknown webhook is a 404). */
export const WebhookParams = z.object({ projectId: z.string(), webhookId: z.string() })
export type WebhookParams = z.infer<typeof WebhookParams>
