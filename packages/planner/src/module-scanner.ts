// Reads the streamed answer as it arrives and reports each complete, well-formed module of the
// top-level `modules` array, before the rest of the JSON has arrived. One pass over each new
// character: depth, strings and escapes are tracked; a module is an object that closes at the
// array's depth, parsed on its own and checked against the module schema.
import { GeneratedModule } from '@cc/core';

export class ModuleScanner {
  #text = '';
  #pos = 0;
  #depth = 0;
  #inString = false;
  #escape = false;
  #stringStart = -1;
  #lastKey: string | undefined;
  /** Depth of the `modules` array's elements, once entered. */
  #modulesDepth: number | undefined;
  #moduleStart = -1;
  #wellFormed = 0;

  /** Complete modules seen so far that pass the module schema with positive efforts and tasks. */
  get wellFormedModules(): number {
    return this.#wellFormed;
  }

  get text(): string {
    return this.#text;
  }

  /** Feeds more streamed text; returns how many well-formed modules it completed. */
  push(chunk: string): number {
    const before = this.#wellFormed;
    this.#text += chunk;
    const text = this.#text;
    for (; this.#pos < text.length; this.#pos++) {
      const ch = text[this.#pos]!;
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (ch === '\\') this.#escape = true;
        else if (ch === '"') {
          this.#inString = false;
          if (this.#depth === 1) {
            const key = safeParse(text.slice(this.#stringStart, this.#pos + 1));
            this.#lastKey = typeof key === 'string' ? key : undefined;
          }
        }
        continue;
      }
      if (ch === '"') {
        this.#inString = true;
        this.#stringStart = this.#pos;
      } else if (ch === '{' || ch === '[') {
        this.#depth++;
        if (ch === '[' && this.#depth === 2 && this.#lastKey === 'modules') this.#modulesDepth = 2;
        if (ch === '{' && this.#modulesDepth !== undefined && this.#depth === this.#modulesDepth + 1) this.#moduleStart = this.#pos;
      } else if (ch === '}' || ch === ']') {
        if (ch === '}' && this.#modulesDepth !== undefined && this.#depth === this.#modulesDepth + 1 && this.#moduleStart >= 0) {
          if (wellFormed(safeParse(text.slice(this.#moduleStart, this.#pos + 1)))) this.#wellFormed++;
          this.#moduleStart = -1;
        }
        if (ch === ']' && this.#depth === this.#modulesDepth) this.#modulesDepth = undefined;
        this.#depth--;
      }
    }
    return this.#wellFormed - before;
  }
}

function safeParse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function wellFormed(value: unknown): boolean {
  const parsed = GeneratedModule.safeParse(value);
  if (!parsed.success) return false;
  const m = parsed.data;
  return m.effortMinutes > 0 && m.tasks.length > 0 && m.tasks.every((t) => t.effortMinutes > 0);
}
