const WRITE_COMMANDS = ['insert', 'update', 'delete', 'findAndModify'];

/** Sum of MongoDB write commands a service has sent so far (its /metrics counter). */
export async function mongoWrites(serviceUrl: string): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const m = line.match(/^contact_sync_mongodb_commands_total\{command="([^"]+)"\} (\d+(?:\.\d+)?)/);
    if (m && WRITE_COMMANDS.includes(m[1]!)) total += Number(m[2]);
  }
  return total;
}
