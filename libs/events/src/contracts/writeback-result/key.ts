/** Keyed by person id, like the change it answers. */
export const writebackResultKey = (personId: string): string => personId;
