/**
 * 7: webhook secrets sealed at rest, and a delivery log that names outcome classes only.
 *
 * `secret_enc` holds the signing secret sealed with AES-256-GCM (server/crypto/secret-box.ts);
 * SQL cannot encrypt, so rows from before are sealed by the server at start-up
 * (`SqliteWebhookStore.sealPlaintextSecrets`), which then empties `secret` (kept NOT NULL, as '').
 *
 * The log used to keep the receiver's exact error ("connect ECONNREFUSED 10.0.0.1:22"), which
 * made webhooks a port scanner; old rows are reduced to the classes the dispatcher now records.
 */
export const webhookSecretsMigration = `
  ALTER TABLE webhooks ADD COLUMN secret_enc TEXT;

  UPDATE webhook_deliveries SET last_error = CASE
    WHEN last_error IS NULL THEN NULL
    WHEN last_error LIKE 'HTTP 3%' THEN 'redirect'
    WHEN last_error LIKE 'HTTP %' THEN 'http_error'
    WHEN lower(last_error) LIKE '%timeout%' OR lower(last_error) LIKE '%timed out%' THEN 'timeout'
    ELSE 'unreachable'
  END;
  UPDATE webhook_deliveries SET last_code = NULL WHERE last_error IN ('unreachable', 'timeout');
`
