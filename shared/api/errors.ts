import { z } from 'zod'

/** Stable error codes of the REST API; the HTTP status says the class, the code says which. */
export const ErrorCode = {
  BadRequest: 'bad_request',
  NotFound: 'not_found',
  Internal: 'internal',
  RateLimited: 'rate_limited',
  /** 401 to a Bearer request: the API token is unknown, malformed or revoked. */
  InvalidToken: 'invalid_token',
  /** 413: the change would take a document past `limits.maxDocumentBytes` or `maxStructsPerDocument`. */
  DocumentTooLarge: 'document_too_large',
} as const

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** Every error response has this body. */
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
  }),
})
export type ApiError = z.infer<typeof ApiError>
