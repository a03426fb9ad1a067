/** Milliseconds since the epoch; injectable so expiry rules can be tested without waiting. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
