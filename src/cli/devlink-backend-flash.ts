import type { Devlink } from '../devlink/client.js';
import type { FlashBackend, FlashStatusView } from './backend-flash.js';

const SECTIONS = [[1, 'settings'], [2, 'identifiers']] as const;

/** FlashBackend over the library client (which listens for the device's progress first). */
export function flashBackend(client: Devlink): FlashBackend {
  return {
    flash: async (dev, options, onStatus) => {
      const overwrite = SECTIONS.filter(([bit]) => ((options.overwrite ?? 0) & bit) !== 0).map(([, name]) => name);
      await client.flash(`${dev.busName}/${dev.deviceName}`, {
        file: options.file,
        ...(options.component !== undefined ? { component: options.component } : {}),
        ...(overwrite.length > 0 ? { overwrite } : {}),
        onProgress: (progress) => {
          const status: FlashStatusView = { stage: progress.stage };
          if (progress.message !== undefined) status.message = progress.message;
          if (progress.component !== undefined) status.component = progress.component;
          if (progress.done !== undefined) status.done = progress.done;
          if (progress.total !== undefined) status.total = progress.total;
          if (progress.timeout !== undefined) status.timeout = progress.timeout;
          onStatus(status);
        },
      });
    },
  };
}
