import type { PromptInput } from '../prompt-schema.js';

/** Prompts for growing stronger: working on yourself, staying connected, and emotional resilience. */
export const GROWTH_PROMPTS: readonly PromptInput[] = [
  // === Work on yourself (003, 004)
  {
    id: 'self-move',
    theme: 'self',
    sources: ['003', '004'],
    reflection:
      'Your body is living through this season too. A little movement often settles the mind as much as it works the muscles.',
    action: 'Take a 20-minute walk or do a short workout today, at whatever pace feels right.',
  },
  {
    id: 'self-learn',
    theme: 'self',
    sources: ['003', '004'],
    reflection:
      "Learning something new gives your attention somewhere to go that isn't the waiting, and it adds to who you are.",
    action: "Pick one skill you've been putting off and give it 15 minutes today: a lesson, a video or a chapter.",
  },
  {
    id: 'self-class',
    theme: 'self',
    sources: ['003', '004'],
    reflection:
      'A course or group that meets on set days gives your week a few fixed points and puts new faces around you.',
    action: 'Look up one class, course or club near you and write down a date you could go and try it.',
  },
  {
    id: 'self-counsel',
    theme: 'self',
    sources: ['003', '004'],
    reflection:
      "Talking things through with a counselor is not failing; it's building strength. Steady is a self-help coach, not therapy, and a person trained to listen can go further.",
    action: 'Find the details of one counselor or support service near you and save them where you will see them.',
  },
  {
    id: 'self-rest',
    theme: 'self',
    sources: ['003', '004'],
    reflection: 'Rest is part of getting stronger. Worries always sound louder on a tired evening.',
    action: 'Choose a bedtime for tonight and put your phone in another room half an hour before it.',
  },
  {
    id: 'self-promise',
    theme: 'self',
    sources: ['004'],
    reflection: 'Confidence grows out of small promises you make to yourself and keep, one after another.',
    action:
      'Make one small promise to yourself for today, such as a glass of water every hour or a tidy desk, and keep it.',
  },
  {
    id: 'self-meal',
    theme: 'self',
    sources: ['004'],
    reflection:
      'Eating well is one of the first things to slip when life turns upside down, and one of the quickest to win back.',
    action: 'Plan one proper meal for today and sit down to eat it without a screen.',
  },

  // === Stay busy and connected (002, 003)
  {
    id: 'connected-call',
    theme: 'connected',
    sources: ['002', '003'],
    reflection:
      'Days shrink when you spend them alone with your thoughts. The people who care about you can make them wider again.',
    action: 'Call or message one friend or relative today, simply to ask how they are doing.',
  },
  {
    id: 'connected-plan',
    theme: 'connected',
    sources: ['002', '003'],
    reflection:
      'Waiting for a message can fill a whole day and give nothing back. Something on the calendar gives you a better thing to look forward to.',
    action: 'Put one outing with another person on your calendar for this week.',
  },
  {
    id: 'connected-volunteer',
    theme: 'connected',
    sources: ['003'],
    reflection: 'Helping other people is one of the surest ways out of your own head for an afternoon.',
    action: 'Look up one place near you where you could volunteer for a few hours, and note how to sign up.',
  },
  {
    id: 'connected-club',
    theme: 'connected',
    sources: ['003'],
    reflection: 'A shared hobby lets you be among people without having to explain what is going on at home.',
    action: 'Find one club, team or group around something you enjoy and send a message asking how to join.',
  },
  {
    id: 'connected-accept',
    theme: 'connected',
    sources: ['002'],
    reflection: 'When friends and family offer to help, letting them is a gift to them as well as to you.',
    action: 'Say yes to the next invitation or offer of help that comes, or ask someone for one small favour today.',
  },
  {
    id: 'connected-apart',
    theme: 'connected',
    sources: ['002'],
    when: { living: ['apart'] },
    reflection:
      'Once you have said openly that you are giving space and that you are all right, the task is to live that out rather than watch the phone.',
    action: 'Spend one evening this week with people you enjoy, and leave your phone in your bag while you are there.',
  },
  {
    id: 'connected-list',
    theme: 'connected',
    sources: ['002', '003'],
    reflection:
      'A full week is not about distraction. It turns this stretch of time into something that builds you up instead of wearing you down.',
    action:
      'Write down three things you would like to do this week that have nothing to do with the separation, and do one of them today.',
  },

  // === Emotional resilience (004)
  {
    id: 'resilience-breathe',
    theme: 'resilience',
    sources: ['004'],
    reflection:
      'When feelings surge, your breath is the one thing you can slow down on purpose, and the body tends to follow it.',
    action: 'Three times today, breathe in for a count of four and out for a count of six, five rounds each time.',
  },
  {
    id: 'resilience-nature',
    theme: 'resilience',
    sources: ['004'],
    reflection: 'A short stretch outdoors has a way of shrinking worries back to their real size.',
    action: 'Spend 15 minutes in a park, by water or under trees today, and notice five things you can see.',
  },
  {
    id: 'resilience-name',
    theme: 'resilience',
    sources: ['004'],
    reflection:
      "You don't have to fix a feeling to get through it. Putting a name to it often takes away some of its heat.",
    action: 'Twice today, pause and name what you feel in a single word, without judging it.',
  },
  {
    id: 'resilience-people',
    theme: 'resilience',
    sources: ['004'],
    reflection:
      'Being resilient does not mean going it alone. Leaning on a few trusted people is part of being strong.',
    action: 'Write down two people you could call on a hard evening, and let one of them know that.',
  },
  {
    id: 'resilience-quiet',
    theme: 'resilience',
    sources: ['004'],
    reflection: 'A few quiet minutes a day give your mind a rest from replaying old conversations.',
    action:
      'Sit for five minutes today with a meditation app, a prayer or plain silence, and let your thoughts drift past.',
  },
  {
    id: 'resilience-body',
    theme: 'resilience',
    sources: ['004'],
    reflection:
      'Stress settles in the body: the shoulders, the jaw, the stomach. When those let go, the mind often follows.',
    action: 'Before bed, tighten and then release each group of muscles, slowly, from your feet up to your face.',
  },
];
