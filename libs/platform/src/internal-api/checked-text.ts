import { z } from 'zod';

/** A string setting validated by the parser that will read it, so a bad value stops the start-up with the parser's reason. */
export const checkedText = (parse: (text: string) => unknown, hint: string) =>
  z.string().superRefine((v, ctx) => {
    try {
      parse(v);
    } catch (err) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${err instanceof Error ? err.message : String(err)}${hint}` });
    }
  });
