// Every tool the MCP door serves, in the order clients list them.
import type { ToolDefinition } from '../tool.ts';
import { getProfile, updateProfileTool, whoami } from './account.ts';
import { getOutlineTool, listCoursesTool, lookupMistakeTool, lookupTermTool, searchTool } from './courses.ts';
import { answerReviewTool, dueReviewsTool, masteryTool, pathTool, progressTool, streakTool } from './progress.ts';
import { createPlanTool, getPlanTool, listPlansTool, retryPlanTool } from './plans.ts';
import { getAttemptTool, hintTool, startQuizTool, submitQuizTool } from './quizzes.ts';
import { loadSkillTool } from './skills.ts';
import { achievementsTool, addBookmarkTool, addNoteTool, deleteNoteTool, listBookmarksTool, listNotesTool, removeBookmarkTool, searchNotesTool, updateNoteTool } from './notes.ts';
import { accessTool, completeTool, nextStepTool, openStepTool, previousStepTool, resumeTool } from './steps.ts';

export const TOOLS: readonly ToolDefinition[] = [
  // Anyone
  listCoursesTool,
  getOutlineTool,
  searchTool,
  lookupTermTool,
  lookupMistakeTool,
  loadSkillTool,
  // Anyone; personalised when signed in
  openStepTool,
  accessTool,
  // Signed-in learners
  nextStepTool,
  previousStepTool,
  resumeTool,
  completeTool,
  startQuizTool,
  getAttemptTool,
  hintTool,
  submitQuizTool,
  progressTool,
  streakTool,
  masteryTool,
  pathTool,
  dueReviewsTool,
  answerReviewTool,
  createPlanTool,
  getPlanTool,
  listPlansTool,
  retryPlanTool,
  whoami,
  getProfile,
  updateProfileTool,
  addBookmarkTool,
  listBookmarksTool,
  removeBookmarkTool,
  addNoteTool,
  listNotesTool,
  searchNotesTool,
  updateNoteTool,
  deleteNoteTool,
  achievementsTool,
];
