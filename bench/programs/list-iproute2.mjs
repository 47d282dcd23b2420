// The same Node program, spawning iproute2's `devlink -j port show` and parsing its JSON.
// Prints the sorted port handles as one JSON array.
import { portHandlesFromIproute2 } from '../iproute2.mjs';

process.stdout.write(`${JSON.stringify(await portHandlesFromIproute2())}\n`);
