import { sql, type Kysely } from "kysely";

/**
 * Accounts, web sessions, password-reset tokens, signing keys and the OAuth 2.1 authorization
 * server (Better Auth 1.7 + @better-auth/mcp), frozen from Better Auth's own planner
 * (apps/server/scripts/auth-ddl.ts) so that schema changes go through our migrations, not at
 * start-up. Every table has the auth_ prefix; auth_session is our bearer-session table (0003), so
 * Better Auth's cookie sessions are auth_web_session. Column names are Better Auth's (camelCase).
 * apps/server/src/auth-schema.test.ts fails if Better Auth would create or add anything after this.
 *
 * A Better Auth user id is a learner id (uuid). The learner row is created when the user is and
 * deleted when the user is (auth/better-auth.ts database hooks), which cascades to their data.
 */
const STATEMENTS: readonly string[] = [
  "create table \"auth_user\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"name\" text not null, \"email\" text not null unique, \"emailVerified\" boolean not null, \"image\" text, \"createdAt\" timestamptz default CURRENT_TIMESTAMP not null, \"updatedAt\" timestamptz default CURRENT_TIMESTAMP not null)",
  "create table \"auth_web_session\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"expiresAt\" timestamptz not null, \"token\" text not null unique, \"createdAt\" timestamptz default CURRENT_TIMESTAMP not null, \"updatedAt\" timestamptz not null, \"ipAddress\" text, \"userAgent\" text, \"userId\" uuid not null references \"auth_user\" (\"id\") on delete cascade)",
  "create table \"auth_account\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"accountId\" text not null, \"providerId\" text not null, \"userId\" uuid not null references \"auth_user\" (\"id\") on delete cascade, \"accessToken\" text, \"refreshToken\" text, \"idToken\" text, \"accessTokenExpiresAt\" timestamptz, \"refreshTokenExpiresAt\" timestamptz, \"scope\" text, \"password\" text, \"createdAt\" timestamptz default CURRENT_TIMESTAMP not null, \"updatedAt\" timestamptz not null)",
  "create table \"auth_verification\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"identifier\" text not null, \"value\" text not null, \"expiresAt\" timestamptz not null, \"createdAt\" timestamptz default CURRENT_TIMESTAMP not null, \"updatedAt\" timestamptz default CURRENT_TIMESTAMP not null)",
  "create table \"auth_jwks\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"publicKey\" text not null, \"privateKey\" text not null, \"createdAt\" timestamptz not null, \"expiresAt\" timestamptz, \"alg\" text, \"crv\" text)",
  "create table \"auth_oauth_client\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"clientId\" text not null unique, \"clientSecret\" text, \"clientDiscoveryId\" text, \"disabled\" boolean, \"skipConsent\" boolean, \"enableEndSession\" boolean, \"subjectType\" text, \"scopes\" jsonb, \"clientCredentialsScopes\" jsonb, \"userId\" uuid references \"auth_user\" (\"id\") on delete cascade, \"createdAt\" timestamptz, \"updatedAt\" timestamptz, \"name\" text, \"uri\" text, \"icon\" text, \"contacts\" jsonb, \"tos\" text, \"policy\" text, \"softwareId\" text, \"softwareVersion\" text, \"softwareStatement\" text, \"redirectUris\" jsonb not null, \"postLogoutRedirectUris\" jsonb, \"backchannelLogoutUri\" text, \"backchannelLogoutSessionRequired\" boolean, \"tokenEndpointAuthMethod\" text, \"applicationType\" text, \"jwks\" text, \"jwksUri\" text, \"grantTypes\" jsonb, \"responseTypes\" jsonb, \"requirePKCE\" boolean, \"dpopBoundAccessTokens\" boolean, \"referenceId\" text, \"metadata\" jsonb)",
  "create table \"auth_oauth_resource\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"identifier\" text not null unique, \"name\" text not null, \"accessTokenTtl\" integer, \"refreshTokenTtl\" integer, \"signingAlgorithm\" text, \"signingKeyId\" text, \"allowedScopes\" jsonb, \"customClaims\" jsonb, \"dpopBoundAccessTokensRequired\" boolean, \"disabled\" boolean, \"createdAt\" timestamptz, \"updatedAt\" timestamptz, \"policyVersion\" integer, \"metadata\" jsonb)",
  "create table \"auth_oauth_client_resource\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"clientId\" text not null references \"auth_oauth_client\" (\"clientId\") on delete cascade, \"resourceId\" text not null references \"auth_oauth_resource\" (\"identifier\") on delete cascade, \"metadata\" jsonb, \"createdAt\" timestamptz)",
  "create table \"auth_oauth_refresh_token\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"token\" text not null unique, \"clientId\" text not null references \"auth_oauth_client\" (\"clientId\") on delete cascade, \"sessionId\" uuid references \"auth_web_session\" (\"id\") on delete set null, \"userId\" uuid not null references \"auth_user\" (\"id\") on delete cascade, \"referenceId\" text, \"authorizationCodeId\" text, \"resources\" jsonb, \"requestedUserInfoClaims\" jsonb, \"expiresAt\" timestamptz not null, \"createdAt\" timestamptz not null, \"revoked\" timestamptz, \"rotatedAt\" timestamptz, \"rotationReplayResponse\" text, \"rotationReplayExpiresAt\" timestamptz, \"authTime\" timestamptz, \"confirmation\" jsonb, \"scopes\" jsonb not null)",
  "create table \"auth_oauth_access_token\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"token\" text not null unique, \"clientId\" text not null references \"auth_oauth_client\" (\"clientId\") on delete cascade, \"sessionId\" uuid references \"auth_web_session\" (\"id\") on delete set null, \"userId\" uuid references \"auth_user\" (\"id\") on delete cascade, \"referenceId\" text, \"authorizationCodeId\" text, \"resources\" jsonb, \"requestedUserInfoClaims\" jsonb, \"refreshId\" uuid references \"auth_oauth_refresh_token\" (\"id\") on delete cascade, \"expiresAt\" timestamptz not null, \"createdAt\" timestamptz not null, \"revoked\" timestamptz, \"confirmation\" jsonb, \"scopes\" jsonb not null)",
  "create table \"auth_oauth_consent\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"clientId\" text not null references \"auth_oauth_client\" (\"clientId\") on delete cascade, \"userId\" uuid references \"auth_user\" (\"id\") on delete cascade, \"referenceId\" text, \"resources\" jsonb, \"requestedUserInfoClaims\" jsonb, \"scopes\" jsonb not null, \"createdAt\" timestamptz not null, \"updatedAt\" timestamptz not null)",
  "create table \"auth_oauth_client_assertion\" (\"id\" uuid default pg_catalog.gen_random_uuid() not null primary key, \"expiresAt\" timestamptz not null)",
  "create index \"auth_web_session_userId_idx\" on \"auth_web_session\" (\"userId\")",
  "create index \"auth_account_userId_idx\" on \"auth_account\" (\"userId\")",
  "create index \"auth_verification_identifier_idx\" on \"auth_verification\" (\"identifier\")",
  "create index \"auth_oauth_client_userId_idx\" on \"auth_oauth_client\" (\"userId\")",
  "create index \"auth_oauth_client_resource_clientId_idx\" on \"auth_oauth_client_resource\" (\"clientId\")",
  "create index \"auth_oauth_client_resource_resourceId_idx\" on \"auth_oauth_client_resource\" (\"resourceId\")",
  "create index \"auth_oauth_refresh_token_clientId_idx\" on \"auth_oauth_refresh_token\" (\"clientId\")",
  "create index \"auth_oauth_refresh_token_sessionId_idx\" on \"auth_oauth_refresh_token\" (\"sessionId\")",
  "create index \"auth_oauth_refresh_token_userId_idx\" on \"auth_oauth_refresh_token\" (\"userId\")",
  "create index \"auth_oauth_refresh_token_authorizationCodeId_idx\" on \"auth_oauth_refresh_token\" (\"authorizationCodeId\")",
  "create index \"auth_oauth_access_token_clientId_idx\" on \"auth_oauth_access_token\" (\"clientId\")",
  "create index \"auth_oauth_access_token_sessionId_idx\" on \"auth_oauth_access_token\" (\"sessionId\")",
  "create index \"auth_oauth_access_token_userId_idx\" on \"auth_oauth_access_token\" (\"userId\")",
  "create index \"auth_oauth_access_token_authorizationCodeId_idx\" on \"auth_oauth_access_token\" (\"authorizationCodeId\")",
  "create index \"auth_oauth_access_token_refreshId_idx\" on \"auth_oauth_access_token\" (\"refreshId\")",
  "create index \"auth_oauth_consent_clientId_idx\" on \"auth_oauth_consent\" (\"clientId\")",
  "create index \"auth_oauth_consent_userId_idx\" on \"auth_oauth_consent\" (\"userId\")",
  "create unique index \"auth_oauth_client_resource_clientId_resourceId_uidx\" on \"auth_oauth_client_resource\" (\"clientId\", \"resourceId\")"
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "auth_oauth_client_assertion",
    "auth_oauth_consent",
    "auth_oauth_access_token",
    "auth_oauth_refresh_token",
    "auth_oauth_client_resource",
    "auth_oauth_resource",
    "auth_oauth_client",
    "auth_jwks",
    "auth_verification",
    "auth_account",
    "auth_web_session",
    "auth_user",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
