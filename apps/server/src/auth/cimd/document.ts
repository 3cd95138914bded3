// The Client ID Metadata Document itself: what we accept from the client's URL.
import { z } from 'zod';
import { CimdError } from './policy.ts';

const Uri = z.string().url().max(2000);

/** The fields we use; other registered metadata is ignored (not stored). */
export const ClientMetadataDocument = z.object({
  client_id: z.string(),
  client_name: z.string().max(200).optional(),
  client_uri: Uri.optional(),
  logo_uri: Uri.optional(),
  redirect_uris: z.array(Uri).min(1).max(20),
  grant_types: z.array(z.enum(['authorization_code', 'refresh_token'])).min(1).max(2).optional(),
  response_types: z.array(z.literal('code')).length(1).optional(),
  token_endpoint_auth_method: z.string().optional(),
  scope: z.string().max(1000).optional(),
  client_secret: z.unknown().optional(),
  client_secret_expires_at: z.unknown().optional(),
});
export type ClientMetadataDocument = z.infer<typeof ClientMetadataDocument>;

/** Validates a parsed JSON document fetched from `clientId`. */
export function validateDocument(json: unknown, clientId: string): ClientMetadataDocument {
  const parsed = ClientMetadataDocument.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CimdError(`client metadata document is invalid${issue ? ` at ${issue.path.join('.') || '(root)'}: ${issue.message}` : ''}`);
  }
  const doc = parsed.data;
  if (doc.client_id !== clientId) throw new CimdError('client metadata document client_id does not match its URL');
  if (doc.client_secret !== undefined || doc.client_secret_expires_at !== undefined) {
    throw new CimdError('client metadata document must not contain a client_secret');
  }
  if ((doc.token_endpoint_auth_method ?? 'none') !== 'none') {
    throw new CimdError('client metadata document token_endpoint_auth_method must be none (public client with PKCE)');
  }
  return doc;
}
