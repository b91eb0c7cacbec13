import type { DiscordCall, DiscordFake, SentMessage } from './discord-fake.js';
import { componentPress, dmMessage, modalSubmit, slashCommand } from './discord-payloads.js';

// Plays a member against the app in their DM with the bot, as data: `slash` runs `/steady <sub>`, `press`
// presses the newest button whose label matches, `type` sends a DM message, `modal` presses the newest form
// button, waits for the modal Steady opens and submits it with the text. After each step every `expect`
// pattern must appear in a message sent since that step began. Buttons are looked up among the messages
// of the step before as well: a turn's messages arrive one by one, so a question's buttons may follow
// the text that step waited for.

/** What a member does in one step. */
export type Action = { slash: string } | { press: RegExp } | { type: string } | { modal: string };

/** One step: an action and the texts that must arrive after it. */
export type Step = Action & { expect: RegExp | readonly RegExp[] };

/** The label of the button that opens a modal for a long answer. */
export const FORM_BUTTON = /^Write it here$/;

/** A member in their DM with the bot. */
export interface DmMember {
  userId: string;
  dmChannel: string;
}

/** What a played conversation left behind for further checks. */
export interface Played {
  /** The interaction callbacks that opened a modal (type 9), in order. */
  modals: DiscordCall[];
  /** The interaction tokens of the submitted modals, in order: their answers go to these webhooks. */
  submitted: string[];
}

/** Plays `steps` for `member`; fails with the step and every call so far when an expectation never arrives. */
export async function play(fake: DiscordFake, member: DmMember, steps: readonly Step[]): Promise<Played> {
  const played: Played = { modals: [], submitted: [] };
  let previous = fake.messages().length;
  for (const step of steps) {
    const before = fake.messages().length;
    await act(fake, member, step, previous, played);
    const patterns = Array.isArray(step.expect) ? step.expect : [step.expect as RegExp];
    const after = (): SentMessage[] => fake.messages().slice(before);
    for (const pattern of patterns) {
      await fake.waitFor(
        () => after().some((m) => pattern.test(m.content)),
        `${String(pattern)} after ${describe(step)}`,
      );
    }
    previous = before;
  }
  return played;
}

async function act(fake: DiscordFake, member: DmMember, step: Step, previous: number, played: Played): Promise<void> {
  if ('slash' in step) return fake.dispatch('INTERACTION_CREATE', slashCommand(step.slash, member));
  if ('type' in step) return fake.dispatch('MESSAGE_CREATE', dmMessage(step.type, member));
  const label = 'press' in step ? step.press : FORM_BUTTON;
  const customId = await fake.waitFor(
    () => newestButton(fake.messages().slice(previous), label),
    `a button ${String(label)}`,
  );
  const press = componentPress(customId, member);
  fake.dispatch('INTERACTION_CREATE', press);
  if ('press' in step) return;
  const modal = await fake.waitFor(
    () => fake.calls.find((c) => c.path === `/interactions/${String(press.id)}/${String(press.token)}/callback`),
    'the modal',
  );
  played.modals.push(modal);
  const { modalId, inputId } = modalIds(modal);
  const submit = modalSubmit(step.modal, member, modalId, inputId);
  played.submitted.push(String(submit.token));
  fake.dispatch('INTERACTION_CREATE', submit);
}

/** The custom_id of the newest button whose label matches, among `messages`. */
export function newestButton(messages: readonly SentMessage[], label: RegExp): string | undefined {
  for (const message of [...messages].reverse()) {
    const button = message.buttons.find((b) => label.test(b.label ?? ''));
    if (button?.custom_id) return button.custom_id;
  }
  return undefined;
}

// Discord sends a modal's own custom_id and its input's custom_id back on submit; read them off the modal.
function modalIds(call: DiscordCall): { modalId: string; inputId: string } {
  const body = (Array.isArray(call.body) ? {} : (call.body ?? {})) as {
    type?: number;
    data?: { custom_id?: string; components?: { components?: { custom_id?: string }[] }[] };
  };
  const modalId = body.data?.custom_id;
  const inputId = body.data?.components?.[0]?.components?.[0]?.custom_id;
  if (body.type !== 9 || modalId === undefined || inputId === undefined) {
    throw new Error(`expected a modal (callback type 9 with a text input), got ${JSON.stringify(call.body)}`);
  }
  return { modalId, inputId };
}

function describe(step: Step): string {
  const { expect: _expect, ...action } = step;
  return JSON.stringify(action, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value));
}
