import type { MessageTable } from './table.js';
import { messages as core } from './messages.js';
import { messages as centre } from '../centre/messages.js';
import { messages as demo } from '../demo/messages.js';
import { messages as exporters } from '../export/messages.js';
import { messages as importers } from '../import/messages.js';
import { messages as init } from '../init/messages.js';
import { messages as io } from '../io/messages.js';
import { messages as mapping } from '../mapping/messages.js';
import { messages as pkg } from '../package/messages.js';
import { messages as publish } from '../publish/messages.js';
import { messages as readers } from '../readers/messages.js';
import { messages as report } from '../report/messages.js';
import { messages as validate } from '../validate/messages.js';
import { messages as centreHtml } from '../centre/html/messages.js';
import { messages as centreTree } from '../centre/tree/messages.js';
import { messages as centreSources } from '../centre/sources-messages.js';
import { messages as describe } from '../describe/messages.js';
import { messages as elements } from '../elements/messages.js';
import { messages as crypto } from '../crypto/messages.js';

/**
 * Every folder's table, by folder. Static imports of plain data only: loading the catalogue costs the
 * strings, never a module with behaviour (CLI start-up, test/unit/cli/startup.test.ts). cli/ adds its own
 * table in src/cli/text.ts. To add a folder: give it a messages.ts and add it here.
 */
export const TABLES = { core, centre, demo, exporters, importers, init, io, mapping, pkg, publish, readers, report, validate, centreHtml, centreTree, centreSources, describe, elements, crypto };

const CATALOGUE = { ...core, ...centre, ...demo, ...exporters, ...importers, ...init, ...io, ...mapping, ...pkg, ...publish, ...readers, ...report, ...validate, ...centreHtml, ...centreTree, ...centreSources, ...describe, ...elements, ...crypto };

/** A code with zh and en text in the library's catalogue: t() takes only these. */
export type MessageCode = keyof typeof CATALOGUE;

/** The library's messages, code → zh/en (read-only). */
export const MESSAGES: Readonly<MessageTable> = CATALOGUE;
