import { z } from 'zod';

// Only the parts of Telegram's Update that Steady reads; everything else passes through untouched
// (loose objects), so a new Bot API field never makes an update unreadable.

const UserSchema = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});

const ChatSchema = z.looseObject({
  id: z.number().int(),
  type: z.string(),
});

const EntitySchema = z.looseObject({
  type: z.string(),
  offset: z.number().int(),
  length: z.number().int(),
});

const ButtonSchema = z.looseObject({
  text: z.string(),
  callback_data: z.string().optional(),
});

const MessageSchema = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  /** When an edited message was last changed. */
  edit_date: z.number().int().optional(),
  chat: ChatSchema,
  from: UserSchema.optional(),
  text: z.string().optional(),
  /** The words under a photo, a document or a video. */
  caption: z.string().optional(),
  entities: z.array(EntitySchema).optional(),
  reply_to_message: z.looseObject({ from: UserSchema.optional() }).optional(),
  reply_markup: z.looseObject({ inline_keyboard: z.array(z.array(ButtonSchema)) }).optional(),
});

const CallbackQuerySchema = z.looseObject({
  id: z.string(),
  from: UserSchema,
  data: z.string().optional(),
  // An "inaccessible message" (too old) comes with date 0 and nothing else of interest.
  message: MessageSchema.optional(),
});

/** The subset of a Telegram `Update` that Steady reads. */
export const UpdateSchema = z.looseObject({
  update_id: z.number().int(),
  message: MessageSchema.optional(),
  edited_message: MessageSchema.optional(),
  callback_query: CallbackQuerySchema.optional(),
});

/** A validated Telegram update. */
export type TgUpdate = z.infer<typeof UpdateSchema>;
/** A validated Telegram message. */
export type TgMessage = z.infer<typeof MessageSchema>;
/** A message entity (bold, italic, bot_command, mention...), offsets in UTF-16 code units. */
export type TgEntity = z.infer<typeof EntitySchema>;
/** One inline keyboard button as Telegram reports it back. */
export type TgButton = z.infer<typeof ButtonSchema>;
