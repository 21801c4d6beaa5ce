// Uses the official `openai` npm client against SalesMate's OpenAI-compatible API and prints one JSON object:
// the model ids, the streamed text, its usage and the errors the client raises for a bad key and an unknown model.
// Input (environment): SALESMATE_BASE_URL (…/v1), SALESMATE_API_KEY, SALESMATE_MODEL, SALESMATE_PROMPT, SALESMATE_USER.
import OpenAI from 'openai';

const env = process.env;
const baseURL = env.SALESMATE_BASE_URL;
const client = new OpenAI({ baseURL, apiKey: env.SALESMATE_API_KEY, maxRetries: 0, timeout: 60_000 });

const models = [];
for await (const model of client.models.list()) {
  models.push(model.id);
}

const stream = await client.chat.completions.create({
  model: env.SALESMATE_MODEL,
  messages: [{ role: 'user', content: env.SALESMATE_PROMPT }],
  stream: true,
  stream_options: { include_usage: true },
  user: env.SALESMATE_USER,
});
let id = null;
let text = '';
let usage = null;
let finishReason = null;
let salesmate = null;
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  id ??= chunk.id;
  for (const choice of chunk.choices) {
    text += choice.delta?.content ?? '';
    finishReason = choice.finish_reason ?? finishReason;
  }
  usage = chunk.usage ?? usage;
  salesmate = chunk.salesmate ?? salesmate;
}

async function failure(call) {
  try {
    await call();
    return null;
  } catch (error) {
    return { name: error.constructor.name, status: error.status ?? null, type: error.type ?? null, code: error.code ?? null };
  }
}
const badKey = await failure(() => new OpenAI({ baseURL, apiKey: 'sm_' + 'x'.repeat(43), maxRetries: 0 }).models.list());
const unknownModel = await failure(() =>
  client.chat.completions.create({ model: 'salesmate/no-such-persona', messages: [{ role: 'user', content: 'hi' }] }));

console.log(JSON.stringify({ models, id, text, usage, finish_reason: finishReason, chunks, salesmate, bad_key: badKey, unknown_model: unknownModel }));
