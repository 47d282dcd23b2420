/** CLI entry point (placeholder until the CLI issue lands). */
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('devlink-ts: CLI not yet implemented\n');
  return 1;
}
