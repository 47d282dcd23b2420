// A Node program listing every devlink port through the library, in-process.
// Prints the sorted port handles as one JSON array.
import { Devlink } from '../../dist/index.js';

const dl = await Devlink.open({ timeoutMs: 120_000 });
try {
  const ports = await dl.listPorts();
  process.stdout.write(`${JSON.stringify(ports.map((p) => p.handle).sort())}\n`);
} finally {
  dl.close();
}
