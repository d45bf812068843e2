import { fileURLToPath } from 'node:url';
import path from 'node:path';

// src/profiles and dist/profiles are both two levels below the package root.
const here = path.dirname(fileURLToPath(import.meta.url));

/** Package root (holds standards/ and templates/). */
export const PACKAGE_ROOT = path.resolve(here, '..', '..');
export const STANDARDS_DIR = path.join(PACKAGE_ROOT, 'standards');
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
