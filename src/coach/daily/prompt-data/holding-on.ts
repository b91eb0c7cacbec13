import type { PromptInput } from '../prompt-schema.js';

/** Prompts for the long middle: family routines, patience, forgiveness and respecting the outcome. */
export const HOLDING_ON_PROMPTS: readonly PromptInput[] = [
  // === Family routines and the children (004, only with children)
  {
    id: 'family-routine',
    theme: 'family',
    sources: ['004'],
    when: { children: true },
    reflection: 'Familiar routines tell children that life still has a shape, even when the grown-ups are struggling.',
    action:
      'Keep one regular family habit today, such as a shared meal, a bedtime story or a walk, just as you usually would.',
  },
  {
    id: 'family-attention',
    theme: 'family',
    sources: ['004'],
    when: { children: true },
    reflection:
      'Children pick up on tension even when nobody says a word. A calm half-hour of your full attention means a lot.',
    action: 'Spend 30 minutes with your children on something they choose, with your phone put away.',
  },
  {
    id: 'family-kind-words',
    theme: 'family',
    sources: ['004'],
    when: { children: true },
    reflection:
      'Speaking respectfully about the other parent in front of the children spares them from feeling they must take sides.',
    action: 'If the other parent comes up today, say one neutral or kind thing about them.',
  },
  {
    id: 'family-week',
    theme: 'family',
    sources: ['004'],
    when: { children: true },
    reflection:
      "A clear plan for the week around the children takes a lot of last-minute friction out of the adults' days.",
    action: "Write down this week's pick-ups, activities and meals, and share the practical parts where that helps.",
  },
  {
    id: 'family-outing',
    theme: 'family',
    sources: ['004'],
    when: { children: true },
    reflection: 'Family outings and small traditions carry memories worth keeping, for everyone in the family.',
    action: 'Suggest or plan one simple family activity for this week, like a trip to the park or a film night.',
  },
  {
    id: 'family-answer',
    theme: 'family',
    sources: ['004'],
    when: { children: true },
    reflection:
      'Children may ask hard questions. A short, honest and reassuring answer is enough; they do not need the adult details.',
    action:
      'Prepare one simple sentence you could say if they ask what is happening, one that tells them they are loved.',
  },

  // === Patience and timing (003, 004)
  {
    id: 'patience-pace',
    theme: 'patience',
    sources: ['003', '004'],
    reflection:
      'Rebuilding moves at the pace of the slower heart. Pushing tends to close doors that time might have opened.',
    action: 'When you feel the urge to speed things up today, wait one full day before you act on it.',
  },
  {
    id: 'patience-warm-reply',
    theme: 'patience',
    sources: ['003'],
    reflection: 'A warm reply is a good moment to enjoy, not a signal to rush ahead.',
    action: 'Write down how you will respond if a contact goes well: enjoy it, and let them set the next step.',
  },
  {
    id: 'patience-timelines',
    theme: 'patience',
    sources: ['004'],
    reflection: 'The two of you may be moving on different timelines. That is normal, not a verdict.',
    action: 'Put a note in your calendar a month from today to look back at how far you have come.',
  },
  {
    id: 'patience-urge',
    theme: 'patience',
    sources: ['003', '004'],
    reflection: 'The urge to send a message right now often fades within twenty minutes if you let it.',
    action:
      'Next time you feel the pull to write to them, set a 20-minute timer and do something with your hands first.',
  },
  {
    id: 'patience-home',
    theme: 'patience',
    sources: ['004'],
    when: { living: ['together'] },
    reflection:
      "Sharing a home through a hard stretch calls for room to breathe on both sides, and respect for each other's space.",
    action:
      'Give them some easy space at home today, such as a quiet room or an evening to themselves, without comment.',
  },
  {
    id: 'patience-space',
    theme: 'patience',
    sources: ['003'],
    reflection: 'Space can be something you give, not only something taken from you.',
    action: 'Think of one way to give space today that still leaves the door open, and do it.',
  },

  // === Forgiveness, of them and of yourself (004)
  {
    id: 'forgiveness-self',
    theme: 'forgiveness',
    sources: ['004'],
    reflection:
      'You will have said and done things you regret. Being human means getting things wrong and learning from them.',
    action: "Write down one mistake of yours and one thing you've learned from it, then close the notebook.",
  },
  {
    id: 'forgiveness-them',
    theme: 'forgiveness',
    sources: ['004'],
    reflection: "Forgiving doesn't mean pretending it didn't hurt. It means you stop carrying it around all day.",
    action: "Write down one hurt you are holding, and beside it: 'I am setting this down, a little at a time.'",
  },
  {
    id: 'forgiveness-letter',
    theme: 'forgiveness',
    sources: ['004'],
    reflection: 'Some words need to be written down but never sent.',
    action: 'Write a letter about what hurt that you will keep to yourself, then tear it up or put it away.',
  },
  {
    id: 'forgiveness-friend',
    theme: 'forgiveness',
    sources: ['004'],
    reflection: 'Speaking to yourself the way you would speak to a good friend is a kind of forgiveness too.',
    action: 'Whenever you criticise yourself today, add one kind sentence you would say to a friend in your place.',
  },
  {
    id: 'forgiveness-replay',
    theme: 'forgiveness',
    sources: ['004'],
    reflection: 'Resentment keeps old arguments playing in your head long after they ended.',
    action:
      'When an old argument starts to replay today, notice it, take one slow breath, and turn to something in the present.',
  },
  {
    id: 'forgiveness-needs',
    theme: 'forgiveness',
    sources: ['004'],
    reflection: 'Looking at a mistake with curiosity instead of blame turns it into something you can learn from.',
    action: 'Pick one past argument and write down what each of you may have needed at the time.',
  },

  // === Respecting the outcome, whatever it is (004)
  {
    id: 'outcome-control',
    theme: 'outcome',
    sources: ['004'],
    reflection: 'You can shape how you show up. You cannot decide what they choose.',
    action:
      "Make two short lists: what is in your hands this week and what isn't. Act on one item from the first list.",
  },
  {
    id: 'outcome-person',
    theme: 'outcome',
    sources: ['004'],
    reflection: 'Peace does not have to wait for one particular result.',
    action: 'Write one sentence about the kind of person you want to be at the end of this, however it ends.',
  },
  {
    id: 'outcome-ahead',
    theme: 'outcome',
    sources: ['004'],
    reflection: 'A good life is possible on every road ahead, including the ones you did not choose.',
    action: 'Write down one thing you are looking forward to in the coming year that does not depend on them.',
  },
  {
    id: 'outcome-hope',
    theme: 'outcome',
    sources: ['004'],
    reflection: 'Respecting their choice, whatever it turns out to be, is also a way of respecting yourself.',
    action:
      "Notice one thought today that insists on a single outcome, and soften it to 'I hope so, and I will be okay either way.'",
  },
  {
    id: 'outcome-values',
    theme: 'outcome',
    sources: ['004'],
    reflection: 'Your values can guide you whichever way this goes.',
    action: 'Write down three values you want to keep living by, and one small way to act on one of them today.',
  },
  {
    id: 'outcome-grief',
    theme: 'outcome',
    sources: ['004'],
    reflection: 'Grieving what has changed is part of coming to terms with it, and it does not mean you have given up.',
    action: 'Give yourself ten minutes today to feel what you have lost, then do one thing that comforts you.',
  },
];
