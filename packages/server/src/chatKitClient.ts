import type OpenAI from 'openai'

/**
 * The part of an `OpenAI` client the actions use: `beta.chatkit.sessions.create` and
 * `.cancel`. Pass a real `new OpenAI()`; the narrow type lets a test pass a stub too.
 */
export interface ChatKitClient {
  beta: { chatkit: { sessions: Pick<OpenAI['beta']['chatkit']['sessions'], 'create' | 'cancel'> } }
}
