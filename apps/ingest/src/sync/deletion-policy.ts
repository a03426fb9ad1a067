/**
 * The mass-deletion guard: a pass that would delete more than `minCount` persons AND more than
 * `ratio` of the sync's shadow deletes nothing and asks the user. The first full pass after a scope
 * (group) change is exempt: the user asked for those deletions by choosing the new group.
 */
export function needsConfirmation(deletions: number, shadowSize: number, limits: { minCount: number; ratio: number }, scopeChanged: boolean): boolean {
  if (scopeChanged) return false;
  return deletions > limits.minCount && deletions > limits.ratio * shadowSize;
}
