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
  /** 401: no session or token; sign in first. */
  Unauthenticated: 'unauthenticated',
  /** 403: signed in, but the role (or the channel: a token where a session is needed) is not enough. */
  Forbidden: 'forbidden',
  /** 421: the request named a Host this server does not answer to. */
  Misdirected: 'misdirected',
  InvalidCredentials: 'invalid_credentials',
  /** 429 on sign-in: this account had too many failed attempts; `retry-after` says when. */
  TooManyAttempts: 'too_many_attempts',
  WeakPassword: 'weak_password',
  /** 404: no password reset link has this secret (mistyped, cut short, or never issued). */
  ResetLinkInvalid: 'reset_link_invalid',
  /** 410: the password reset link is older than its 1 h lifetime: ask for a new one. */
  ResetLinkExpired: 'reset_link_expired',
  /** 410: the password reset link was used already (or another of the account's links was). */
  ResetLinkUsed: 'reset_link_used',
  /**
   * 409: an owner may issue a reset link only for a member of no workspace they do not own too:
   * the link signs in as that person everywhere.
   */
  MemberElsewhere: 'member_elsewhere',
  EmailTaken: 'email_taken',
  /** 409: the change would leave a workspace without an owner. */
  LastOwner: 'last_owner',
  WorkspaceOwner: 'workspace_owner',
  /** 409: a task cannot be marked done while its dependencies are open (body lists `blockers`). */
  Blocked: 'blocked',
  /** 409: the version the request was based on is no longer current. */
  Stale: 'stale',
  /** 409: this server has no backup folder (an in-memory database): nothing to back up into. */
  BackupsDisabled: 'backups_disabled',
  /** 409: a sign-off belongs to someone else. */
  SignedByOther: 'signed_by_other',
  NotReady: 'not_ready',
  NotInTrash: 'not_in_trash',
  TooManyStreams: 'too_many_streams',
  InvalidUrl: 'invalid_url',
  /** 400: a webhook target on a private or loopback address (docs/decisions/0004-outbound-requests.md). */
  TargetNotAllowed: 'target_not_allowed',
  /** 413: an export would pass `EXPORT_LIMITS` (pages or stored bytes): export a subtree instead. */
  ExportTooLarge: 'export_too_large',
  /** 422: an imported file is not a valid Keel export (the message names the document at fault). */
  InvalidImport: 'invalid_import',
  /** 409: another import into the same workspace or project is running; try again when it is done. */
  ImportRunning: 'import_running',
  /** 429: the server builds one export and runs one Keel-JSON import at a time; another is running, try again shortly. */
  ExportBusy: 'export_busy',
  /** 415: an import body that is neither a .zip nor a Markdown file. */
  UnsupportedMediaType: 'unsupported_media_type',
  /** 409: an import job in a state that does not allow this (run twice, undo before it finished). */
  ImportState: 'import_state',
  /** 413: an attachment larger than `ATTACHMENT_LIMITS.maxBytes` (the body's `limit` says it, in bytes). */
  AttachmentTooLarge: 'attachment_too_large',
  /** 400: a comment mentions someone who is not a member of the document's project. */
  NotAMember: 'not_a_member',
  /** 409: a document has `COMMENT_LIMITS.maxThreadsPerDoc` threads, or a thread `maxCommentsPerThread` comments. */
  TooManyComments: 'too_many_comments',
  /** 409: a client-generated id is already used by another comment or thread. */
  IdTaken: 'id_taken',
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
