import type { Model } from 'mongoose';

interface BulkWriteErrorLike {
  code?: number;
  writeErrors?: { code?: number; index?: number; err?: { code?: number; index?: number } }[];
}

const DUPLICATE_KEY = 11000;

/**
 * insertMany that treats "already there" as success: an unordered insert where duplicate-key
 * failures are collected instead of thrown. Returns the indexes of the documents that already
 * existed, so the caller can update those instead (redelivery after a crash, concurrent creators).
 */
export async function insertManyIdempotent<T>(model: Model<T>, docs: object[]): Promise<number[]> {
  if (docs.length === 0) return [];
  try {
    await model.insertMany(docs, { ordered: false });
    return [];
  } catch (err) {
    const e = err as BulkWriteErrorLike;
    const writeErrors = e.writeErrors ?? (e.code === DUPLICATE_KEY ? [{ code: DUPLICATE_KEY, index: 0 }] : []);
    const duplicates = writeErrors.map((w) => ({ code: w.code ?? w.err?.code, index: w.index ?? w.err?.index }));
    if (duplicates.length === 0 || duplicates.some((d) => d.code !== DUPLICATE_KEY || d.index === undefined)) throw err;
    return duplicates.map((d) => d.index as number);
  }
}
