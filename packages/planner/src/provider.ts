// The one place that talks to a language model: an OpenAI-compatible chat-completions API,
// streamed, with structured output. Failures come out classified.
import OpenAI from 'openai';
import type { FailureClass } from '@cc/core';
import type { ChatMessage } from './prompt.ts';

export type ProviderFailureClass = Extract<FailureClass, 'provider_error' | 'rate_limit' | 'timeout'>;

export class ProviderFailure extends Error {
  constructor(
    readonly classification: ProviderFailureClass,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ProviderFailure';
  }
}

export interface Completion {
  text: string;
  model: string;
  usage: { inputTokens: number; outputTokens: number } | null;
}

export interface PlanProvider {
  readonly model: string;
  /** Streams a completion; `onText` sees each piece as it arrives. Aborting `signal` ends it with a `timeout` failure. */
  complete(messages: ChatMessage[], schema: Record<string, unknown>, options: { signal: AbortSignal; onText(delta: string): void }): Promise<Completion>;
}

export function openAiProvider(config: { baseUrl: string; apiKey: string; model: string }): PlanProvider {
  // No SDK retries: each call is one recorded attempt, and the learner (or operator) decides to retry.
  const client = new OpenAI({ baseURL: config.baseUrl, apiKey: config.apiKey, maxRetries: 0, timeout: 60_000 });
  return {
    model: config.model,
    async complete(messages, schema, { signal, onText }) {
      let text = '';
      let finishReason: string | null = null;
      let model = config.model;
      let usage: Completion['usage'] = null;
      try {
        const stream = await client.chat.completions.create(
          {
            model: config.model,
            messages,
            stream: true,
            stream_options: { include_usage: true },
            response_format: { type: 'json_schema', json_schema: { name: 'learning_plan', strict: true, schema } },
          },
          { signal },
        );
        for await (const chunk of stream) {
          if (chunk.model) model = chunk.model;
          if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
          const choice = chunk.choices[0];
          const delta = choice?.delta?.content;
          if (delta) {
            text += delta;
            onText(delta);
          }
          if (choice?.finish_reason) finishReason = choice.finish_reason;
        }
      } catch (error) {
        throw classify(error, signal);
      }
      if (signal.aborted) throw new ProviderFailure('timeout', 'deadline reached');
      // A stream that ends without a finish reason was cut; `length` means the answer was cut short.
      if (finishReason === null) throw new ProviderFailure('provider_error', 'the stream ended before the answer was complete');
      if (finishReason !== 'stop') throw new ProviderFailure('provider_error', `the answer ended with finish_reason ${finishReason}`);
      return { text, model, usage };
    },
  };
}

function classify(error: unknown, signal: AbortSignal): ProviderFailure {
  if (error instanceof ProviderFailure) return error;
  if (signal.aborted) return new ProviderFailure('timeout', 'deadline reached');
  if (error instanceof OpenAI.RateLimitError) {
    const header = error.headers?.get('retry-after');
    const seconds = header && /^\d+$/.test(header) ? Number(header) : undefined;
    return new ProviderFailure('rate_limit', 'the provider refused the request (429)', seconds);
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') return new ProviderFailure('provider_error', `the provider answered ${error.status}`);
  if (error instanceof OpenAI.APIConnectionError) return new ProviderFailure('provider_error', 'the provider could not be reached');
  return new ProviderFailure('provider_error', error instanceof Error ? `${error.name}: ${error.message}` : 'unknown provider failure');
}
