const WRITE_COMMANDS = ['insert', 'update', 'delete', 'findAndModify'];

/** MongoDB write commands a service has sent so far (its /metrics counter), by "command collection". */
export async function mongoWrites(serviceUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = line.match(/^contact_sync_mongodb_commands_total\{command="([^"]+)",collection="([^"]*)"\} (\d+(?:\.\d+)?)/);
    if (m && WRITE_COMMANDS.includes(m[1]!)) counts.set(`${m[1]} ${m[2]}`, Number(m[3]));
  }
  return counts;
}

/** What was written between two scrapes: the total and each "command collection" with its count. */
export function writesBetween(before: Map<string, number>, after: Map<string, number>): { total: number; by: string } {
  const delta = [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, n]) => n > 0);
  return { total: delta.reduce((sum, [, n]) => sum + n, 0), by: delta.map(([k, n]) => `${k} ×${n}`).join(', ') };
}
