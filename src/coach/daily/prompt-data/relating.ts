import type { PromptInput } from '../prompt-schema.js';

/** Prompts about relating well: checking your intention, validating, and changing what was asked. */
export const RELATING_PROMPTS: readonly PromptInput[] = [
  // === Check your intention (000)
  {
    id: 'intention-why',
    theme: 'intention',
    sources: ['000'],
    reflection: 'Before any step toward them, it helps to know what it is for: to connect, or to get a reaction?',
    action: 'Write one line about what you honestly hope for from your next contact with them.',
  },
  {
    id: 'intention-silence',
    theme: 'intention',
    sources: ['000'],
    reflection:
      'Going quiet so that someone misses you is a tactic, not a connection. Quiet time for your own healing is a different thing.',
    action: 'Ask yourself plainly: is my silence for me, or to make them feel something? Write down the answer.',
  },
  {
    id: 'intention-focus',
    theme: 'intention',
    sources: ['000'],
    reflection:
      'When every thought circles back to how they are reacting, the separation is running your day instead of you.',
    action:
      'Each time you catch yourself guessing what they think today, bring your attention back to one task in front of you.',
  },
  {
    id: 'intention-answer',
    theme: 'intention',
    sources: ['000'],
    reflection:
      'Answering when they reach out, kindly and briefly, is part of healthy communication. It never costs you ground.',
    action: 'Decide now how you will reply if they write today: short, friendly, and answering what they asked.',
  },
  {
    id: 'intention-habit',
    theme: 'intention',
    sources: ['000'],
    reflection: 'Aim to become someone who communicates well, whatever they decide. That goal stays yours either way.',
    action:
      'Write down one communication habit you want to build, such as letting the other person finish before you answer.',
  },
  {
    id: 'intention-post',
    theme: 'intention',
    sources: ['000'],
    reflection:
      'A post that shows how great life is can be a message aimed at one reader. It is worth asking who it is really for.',
    action: 'Before you post anything today, ask whether you would still share it if they were never going to see it.',
  },

  // === Practise validation (001)
  {
    id: 'validation-restate',
    theme: 'validation',
    sources: ['001'],
    reflection: 'People relax around someone who understands them, not someone who corrects them.',
    action:
      "Take one thing they said lately and put their view into one calm sentence, the way they would say it, with no 'but'.",
  },
  {
    id: 'validation-decision',
    theme: 'validation',
    sources: ['001'],
    reflection:
      'Accepting that their wish for distance makes sense to them is not giving up. It takes pressure out of every contact.',
    action: "Practise the sentence 'I can see why you need this time', out loud or on paper, until it sounds like you.",
  },
  {
    id: 'validation-duty',
    theme: 'validation',
    sources: ['001'],
    reflection: 'Reminding someone of duties, vows or what other people will think usually pushes them further away.',
    action: "Notice any 'you should' thoughts today and rewrite one of them so it starts with 'I understand that you'.",
  },
  {
    id: 'validation-listen',
    theme: 'validation',
    sources: ['001'],
    reflection: 'Listening to understand, rather than to reply, is a skill, and you can practise it with anyone.',
    action: 'In one conversation today, with anyone at all, repeat back what you heard before adding your own view.',
  },
  {
    id: 'validation-feelings',
    theme: 'validation',
    sources: ['001'],
    reflection: 'Their feelings can be real to them even when you see things quite differently.',
    action:
      'Write down one feeling they have shown lately and one sentence that acknowledges it without defending yourself.',
  },
  {
    id: 'validation-quiet-change',
    theme: 'validation',
    sources: ['001'],
    when: { stance: ['love', 'unclear'] },
    reflection:
      'The changes you make are worth it for you. Held up as proof, though, they tend to land as too little, too late.',
    action: 'Pick one change you are making and keep it quietly for yourself this week, without mentioning it to them.',
  },

  // === Change what they asked you to change (001, intervention stance only)
  {
    id: 'change-name',
    theme: 'change',
    sources: ['001'],
    when: { stance: ['intervention'] },
    reflection:
      'If they stepped back so that you would take something seriously, that something is the real work, and doing it is the real fix.',
    action: 'Write down, in their words rather than yours, the one or two things they asked you to change.',
  },
  {
    id: 'change-step',
    theme: 'change',
    sources: ['001'],
    when: { stance: ['intervention'] },
    reflection: 'Change shows in small actions repeated over weeks much more than in promises.',
    action: 'Choose one concrete behaviour tied to what they asked for, and do it once today.',
  },
  {
    id: 'change-trigger',
    theme: 'change',
    sources: ['001'],
    when: { stance: ['intervention'] },
    reflection: 'Old habits usually have triggers: tiredness, stress, certain topics, certain times of day.',
    action: 'Note when the habit they asked you to change tends to appear, and plan one thing to do instead next time.',
  },
  {
    id: 'change-help',
    theme: 'change',
    sources: ['001'],
    when: { stance: ['intervention'] },
    reflection: 'Some changes come easier with help: a counselor, a course, a book, or a friend who keeps you honest.',
    action: 'Pick one kind of help for the change they asked for and take the first step toward using it today.',
  },
  {
    id: 'change-progress',
    theme: 'change',
    sources: ['001'],
    when: { stance: ['intervention'] },
    reflection: 'Change is slow and uneven. Keeping track of it helps you carry on through the days you slip.',
    action: 'Write down one moment this week when you handled something differently from how you used to.',
  },
  {
    id: 'change-unannounced',
    theme: 'change',
    sources: ['001'],
    when: { stance: ['intervention'] },
    reflection: 'The work speaks louder when you do it than when you announce it.',
    action: 'Today, practise the changed behaviour without pointing it out to anyone.',
  },
];
