// Every tool the MCP door serves, in the order clients list them.
import type { ToolDefinition } from '../tool.ts';
import { getProfile, updateProfileTool, whoami } from './account.ts';

export const TOOLS: readonly ToolDefinition[] = [whoami, getProfile, updateProfileTool];
