// What every route module receives: the service layer and the upload settings.
import type { Services } from '../../services/types.js';

export interface RouteDeps {
  services: Services;
  uploads: {
    /** Folder under which per-request upload folders are made. */
    root: string;
    /** Largest accepted file, in bytes. */
    maxFileBytes: number;
  };
}
