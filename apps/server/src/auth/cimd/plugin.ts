// Client ID Metadata Documents as a Better Auth plugin: a `ClientDiscovery` registered with the
// OAuth provider (through its public extension API) that resolves an https `client_id` by
// fetching, validating and caching the document, then stores it as a public client (PKCE).
import type { BetterAuthPlugin, GenericEndpointContext } from '@better-auth/core';
import { extendOAuthProvider, type OAuthOptions, type SchemaClient, type Scope } from '@better-auth/oauth-provider';
import { registerClientMetadataDocument } from '@better-auth/oauth-provider/internal';
import { APIError } from 'better-auth/api';
import { ExpiringCache } from './cache.ts';
import { validateDocument, type ClientMetadataDocument } from './document.ts';
import { fetchClientMetadataDocument, type Fetcher } from './fetch.ts';
import { checkClientIdUrl, CimdError, CimdUnreachable, DEFAULT_CIMD_POLICY, isUrlClientId, type CimdPolicy } from './policy.ts';

export const CIMD_DISCOVERY_ID = 'cimd';

export interface CimdOptions extends Partial<CimdPolicy> {
  /** Replaces global fetch (tests). */
  fetcher?: Fetcher;
  /** Told about every refusal (the description the client gets). */
  onRefusal?: (clientId: string, reason: string) => void;
}

function refuse(description: string): APIError {
  return new APIError('BAD_REQUEST', { error: 'invalid_client', error_description: description });
}

export function clientIdMetadataDocuments(options: CimdOptions = {}) {
  const { fetcher, onRefusal, ...overrides } = options;
  const policy: CimdPolicy = { ...DEFAULT_CIMD_POLICY, ...overrides };
  const fresh = new ExpiringCache<ClientMetadataDocument>(policy.cacheEntries);
  let providerOptions: OAuthOptions<Scope[]> | undefined;

  async function resolve(ctx: GenericEndpointContext, clientId: string, existing: SchemaClient<Scope[]> | null): Promise<SchemaClient<Scope[]>> {
    try {
      const url = checkClientIdUrl(clientId, policy);
      // The stored client was written from a document that is still fresh: use it as is.
      if (existing && fresh.get(clientId)) return existing;
      const fetched = await fetchClientMetadataDocument(url, policy, fetcher);
      const doc = validateDocument(fetched.json, clientId);
      if (!providerOptions) throw new Error('CIMD: the oauth-provider plugin was not initialised');
      const { client } = await registerClientMetadataDocument(ctx, providerOptions, {
        clientId,
        clientDiscoveryId: CIMD_DISCOVERY_ID,
        ...(existing && { existingClient: existing }),
        metadata: {
          client_id: clientId,
          redirect_uris: doc.redirect_uris,
          token_endpoint_auth_method: 'none',
          grant_types: doc.grant_types ?? ['authorization_code'],
          response_types: doc.response_types ?? ['code'],
          ...(doc.client_name !== undefined && { client_name: doc.client_name }),
          ...(doc.client_uri !== undefined && { client_uri: doc.client_uri }),
          ...(doc.logo_uri !== undefined && { logo_uri: doc.logo_uri }),
          ...(doc.scope !== undefined && { scope: doc.scope }),
        },
      });
      fresh.set(clientId, doc, fetched.maxAgeSeconds);
      return client;
    } catch (error) {
      if (error instanceof CimdError) {
        onRefusal?.(clientId, error instanceof CimdUnreachable ? `${error.message}: ${error.reason}` : error.message);
        throw refuse(error.message);
      }
      throw error;
    }
  }

  return {
    id: 'cc-client-id-metadata-documents',
    init(ctx) {
      const provider = ctx.getPlugin('oauth-provider');
      if (!provider) throw new Error('CIMD needs the oauth-provider plugin (mcp() installs it) listed before it');
      providerOptions = provider.options as OAuthOptions<Scope[]>;
      extendOAuthProvider(ctx, {
        clientDiscovery: {
          id: CIMD_DISCOVERY_ID,
          matches: isUrlClientId,
          resolve,
          discoveryMetadata: { client_id_metadata_document_supported: true },
        },
      });
    },
  } satisfies BetterAuthPlugin;
}
