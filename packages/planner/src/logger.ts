/** The logging the planner needs (the server's JSON logger satisfies it). Never pass notes or prompts. */
export interface Logger {
  info(msg: string, data?: object): void;
  warn(msg: string, data?: object): void;
  error(msg: string, data?: object): void;
}
