import { bindTexts } from '../../src/core/catalog.js';
import { createSafety, SAFETY_MESSAGES } from '../../src/safety/index.js';
import { readCatalogs, readContentData } from './catalogs.js';

/** The safety layer built from the real catalogs and data files, as the program builds it. */
export const safety = createSafety({ catalogs: readCatalogs(), data: readContentData() });

/** The safety layer's sentences as users read them. */
export const safetyTexts = bindTexts(SAFETY_MESSAGES, readCatalogs());
