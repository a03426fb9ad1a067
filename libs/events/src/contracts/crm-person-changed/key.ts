/** Keyed by person id (design: CRM changes by person), so one person's changes stay in order. */
export const crmPersonChangeKey = (personId: string): string => personId;
