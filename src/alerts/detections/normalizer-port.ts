import type { DetectionCatalog } from '../detection-ref.js';
import { type Catalog, matchDetections } from './catalog.js';

/** Adapts the loaded catalog to the port the pure normalizers read detections through. */
export function detectionPort(catalog: Catalog): DetectionCatalog {
  return { byId: (id) => catalog.byId.get(id), match: (record) => matchDetections(catalog, record) };
}
