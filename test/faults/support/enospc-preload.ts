import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

/**
 * Fallback for test/faults/disk-full.test.ts where no tmpfs can be mounted: loaded into the API
 * child with `--import`, it makes every file opened under FAULT_ENOSPC_DIR fail like a full disk —
 * half of the data is written, then the write throws ENOSPC. Not used when the real tmpfs works.
 */
const dir = process.env.FAULT_ENOSPC_DIR;
if (dir) {
  const open = fsp.open;
  fsp.open = async function openFailingWrites(path: Parameters<typeof open>[0], ...rest: unknown[]) {
    const fh = await (open as (...a: unknown[]) => ReturnType<typeof open>)(path, ...rest);
    if (String(path).startsWith(dir)) {
      const writeFile = fh.writeFile.bind(fh);
      fh.writeFile = async (data: Parameters<typeof writeFile>[0]) => {
        if (data instanceof Uint8Array) await writeFile(data.subarray(0, data.length >> 1));
        throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      };
    }
    return fh;
  } as typeof open;
  // api/durable-files.ts imports `open` by name; this updates the ESM named exports of node:fs/promises.
  syncBuiltinESMExports();
}
