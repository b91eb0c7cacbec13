import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordFake, type DiscordFake, type SentMessage } from '../../fakes/discord-fake.js';
import { play, type DmMember, type Step } from '../../fakes/discord-driver.js';
import { componentPress, dmMessage, freshId, slashCommand, type Where } from '../../fakes/discord-payloads.js';
import type { AppProcess } from '../../support/app-process.js';
import { startDiscordApp } from '../../support/discord-app.js';

// The member's journeys in DMs, as data (see discord-driver.ts): swap rows when a journey's words change.
const ONBOARDING: Step[] = [
  { slash: 'start', expect: [/not a crisis service/, /are you 18 or older\?/] },
  { press: /^Yes, I'm 18 or older$/, expect: /Can I remember your answers/ },
  { press: /^Yes, remember my answers$/, expect: /eight questions\)\. Shall we\?/ },
  { press: /^Yes, let's look at my situation$/, expect: /1\/8 · What is your relationship/ },
];
const ASSESSMENT: Step[] = [
  { type: 'married', expect: /2\/8/ },
  { press: /^Still under one roof$/, expect: /3\/8/ },
  { type: 'space', expect: /4\/8/ },
  // Typed answers in a DM are read the same way as in every chat: what fits no option is asked again, a
  // sentence about the spouse in their own words is taken and echoed.
  { type: '@everyone **pizza on tuesday**', expect: /I didn't quite catch which one you mean/ },
  { type: 'she still loves me but wants me to change', expect: [/Got it: They love me but want me to change/, /5\/8/] },
  { press: /^Neutral, polite$/, expect: /6\/8/ },
  { press: /^Pleading or begging/, expect: /Selected so far: Pleading or begging them to stay\. Pick more/ },
  {
    press: /^Texting or calling a lot$/,
    expect: /Selected so far: Pleading or begging them to stay, Texting or calling a lot\./,
  },
  { press: /^Done$/, expect: /7\/8/ },
  { type: 'yes', expect: /8\/8/ },
  {
    press: /^None of these$/,
    expect: [/Here is your plan, built from your answers\./, /Work on the very thing they asked you to change\./],
  },
  { press: /^Next$/, expect: [/Stop pleading/, /Cut back the texts and calls/] },
  { press: /^Why\?$/, expect: /rests on these sources/ },
  { press: /^Next$/, expect: /a wake-up call/ },
  { press: /^Next$/, expect: /your rhythm isn't counted in days/ },
  { press: /^Next$/, expect: /My sources differ/ },
  { press: /^Next$/, expect: /With children/ },
  { press: /^Next$/, expect: /one small piece of self-work each day/ },
  { press: /^Evening, 19:00$/, expect: /Which time zone are you in/ },
  { press: /^Central Europe$/, expect: [/daily prompt will come at 19:00 \(Europe\/Berlin\)/, /That's your plan/] },
];
const DRAFT = 'We need to talk. You always ignore me!! @everyone';
const CONTACT: Step[] = [
  { slash: 'contact', expect: /What is this contact for\?/ },
  { press: /^Replying to something they sent$/, expect: /How are you feeling right now/ },
  { press: /^Calm$/, expect: /look over what you plan to send/ },
  { press: /^Yes, I'll paste my draft$/, expect: /Paste or type your draft/ },
  {
    modal: DRAFT,
    expect: [
      /A few things to look at before it goes anywhere/,
      /Pressure or an ultimatum: Announcing a serious talk/,
      /Blame or criticism: Sweeping words/,
      /Shouting: Capitals and stacked exclamation marks/,
      /the words stay yours/,
      /What are you hoping will come of it\?/,
    ],
  },
  { press: /^A reply$/, expect: [/My verdict: rework it before it goes anywhere/, /So, what will you do\?/] },
  { press: /^Send it$/, expect: /One pause before it goes/ },
  { press: /^Let it wait$/, expect: /let it rest until/ },
];
const CRISIS = 'I want to end my life';
// A crisis message is answered by the safety layer before any flow.
const CRISIS_REPLY = /Are you safe right now\?/;
const TYPED = [...ASSESSMENT, ...CONTACT].flatMap((s) => ('type' in s ? [s.type] : 'modal' in s ? [s.modal] : []));

describe('Discord end to end (real entry point, local Discord, real Redis)', () => {
  let fake: DiscordFake;
  let app: AppProcess;
  let member: DmMember;

  beforeAll(async () => {
    fake = await startDiscordFake();
    app = await startDiscordApp(fake);
    const userId = freshId();
    member = { userId, dmChannel: fake.dmChannel(userId) };
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  const since = (count: number): SentMessage[] => fake.messages().slice(count);
  const stranger = (): Required<Where> => {
    const userId = freshId();
    return { userId, dmChannel: fake.dmChannel(userId) };
  };

  it('should answer a slash command in a server channel ephemerally and offer to continue in DMs', async () => {
    const where = { userId: freshId() };
    const command = slashCommand('start', where);
    fake.dispatch('INTERACTION_CREATE', command);
    const token = String(command.token);
    const answer = await fake.waitFor(
      () =>
        fake
          .messages()
          .filter((m) => m.call.path.includes(token))
          .find((m) => m.buttons.some((b) => b.custom_id === 'dm')),
      'the DM offer',
    );
    expect(fake.calls.find((c) => c.path.includes(`/${token}/callback`))?.body).toEqual({
      type: 5,
      data: { flags: 64 },
    });
    expect(
      fake
        .messages()
        .filter((m) => m.call.method === 'POST' && m.call.path.includes(token))
        .every((m) => m.flags === 64),
    ).toBe(true);
    expect(answer.content).toMatch(/are you 18 or older\?/);
    expect(answer.buttons.map((b) => b.label)).toEqual([
      "Yes, I'm 18 or older",
      "No, I'm under 18",
      'Continue privately in DMs',
    ]);
    expect(fake.calls.some((c) => c.path.startsWith('/channels/1270000000000000010'))).toBe(false);

    fake.dispatch('INTERACTION_CREATE', componentPress('dm', where));
    const dm = fake.dmChannel(where.userId);
    await fake.waitFor(() => fake.messages().find((m) => m.call.path === `/channels/${dm}/messages`), 'the DM hello');
  });

  it('should onboard a member in DMs with button presses', async () => {
    await play(fake, member, ONBOARDING);
  });

  it('should run a whole assessment with presses, typed answers and a multi-select, then set a daily time', async () => {
    await play(fake, member, ASSESSMENT);
  });

  it('should take a draft through the modal and flag what might get in the way', async () => {
    const { modals, submitted } = await play(fake, member, CONTACT);
    expect(modals).toHaveLength(1);
    expect(submitted).toHaveLength(1);
    expect(modals[0]?.body).toMatchObject({
      type: 9,
      data: {
        title: 'Your draft',
        components: [{ type: 1, components: [{ type: 4, label: 'What you want to send', style: 2, required: true }] }],
      },
    });
    // The review is the answer to the submitted modal, in the DM and not ephemeral.
    const token = submitted[0] ?? '';
    expect(fake.calls.find((c) => c.path.endsWith(`/${token}/callback`))?.body).toEqual({ type: 5 });
    expect(
      fake
        .messages()
        .filter((m) => m.call.path.includes(token))
        .some((m) => /A few things to look at/.test(m.content)),
    ).toBe(true);
  });

  it('should answer a crisis message from a member and from someone Steady has never met', async () => {
    await play(fake, member, [{ type: CRISIS, expect: CRISIS_REPLY }]);
    const newcomer = stranger();
    const before = fake.messages().length;
    fake.dispatch('MESSAGE_CREATE', dmMessage(CRISIS, newcomer));
    await fake.waitFor(
      () =>
        since(before).some(
          (m) => m.call.path === `/channels/${newcomer.dmChannel}/messages` && CRISIS_REPLY.test(m.content),
        ),
      'an answer',
    );
  });

  it('should answer an interaction delivered twice only once', async () => {
    const where = stranger();
    const command = slashCommand('help', where);
    fake.dispatch('INTERACTION_CREATE', command);
    fake.dispatch('INTERACTION_CREATE', command);
    const token = String(command.token);
    await fake.waitForCalls('POST', new RegExp(`/${token}/callback$`), 1);
    // The user's turns run one at a time, so once a later message is answered the redelivery is settled too.
    const before = fake.messages().length;
    fake.dispatch('MESSAGE_CREATE', dmMessage('/sos', where));
    await fake.waitFor(
      () => since(before).some((m) => m.call.path === `/channels/${where.dmChannel}/messages`),
      'the answer to /sos',
    );
    // The redelivery is recognised by its id before any callback, so Discord never has to refuse one (40060).
    expect(fake.calls.filter((c) => c.path.includes(`/${token}/callback`)).map((c) => c.status)).toEqual([204]);
    const answers = fake.messages().filter((m) => m.call.path.includes(token));
    expect(answers.filter((m) => m.call.method === 'PATCH')).toHaveLength(1);
    expect(answers[0]?.content).toMatch(/Commands you can use/);
    expect(new Set(answers.map((m) => m.content)).size).toBe(answers.length);
  });

  it('should never let a message mention anyone', () => {
    const bodies = fake.messages();
    expect(bodies.length).toBeGreaterThan(40);
    expect(bodies.filter((m) => JSON.stringify(m.allowedMentions) !== '{"parse":[]}')).toEqual([]);
  });

  it('should keep typed text and raw Discord ids out of the logs', () => {
    const logs = app.stderr();
    expect(logs).toMatch(/discord gateway connected/);
    expect(TYPED.length).toBeGreaterThan(3);
    for (const text of [...TYPED, CRISIS]) expect(logs).not.toContain(text);
    expect(logs).not.toMatch(/ignore me|end my life|@everyone|1350000000000|1260000000000|1400000000000|token-/);
  });

  it('should stop gracefully on SIGTERM', async () => {
    expect(await app.stop()).toBe(0);
    await fake.waitFor(() => fake.connections() === 0, 'the gateway connection to close');
  });
});
