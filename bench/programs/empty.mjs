// An empty ES module: the least any Node.js ESM program (devlink-ts included) pays to start.
export {};
