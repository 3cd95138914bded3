// @cc/mcp: the MCP door. Tools over core's use-cases, the skills they teach with, and /mcp itself.
export { mcpRoutes, type McpDoorDeps } from './door.ts';
export { prepareMcpServer, securitySchemes, MCP_SERVER_INFO } from './server.ts';
export { TOOLS } from './tools/index.ts';
export type { Access, Hints, McpDeps, ToolDefinition } from './tool.ts';
export { emptySkillLibrary, type SkillLibrary, type SkillDocument, type SkillInfo } from './skills/library.ts';
export { jwtVerifier, inProcessJwks, externalJwks, remoteJwks, discoverJwksUrl, externalLearnerId, LearnerAuth } from './verify.ts';
export type { JwtVerifierOptions } from './verify.ts';
export { loadSkillFolder, toolNames } from './skills/load.ts';
export { FolderSkillLibrary, checkSkillFolder } from './skills/folder.ts';
export { parseSkill, formatProblem, SKILL_RULES, type SkillProblem } from './skills/check.ts';
export { renderToolCatalog, renderAppSubmission } from './contracts.ts';
