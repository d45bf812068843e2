/** Types for the bench generators used by tests. */
export function generateXlsx(file: string, rows: number): Promise<void>;
export function generateCsv(file: string, rows: number, encoding?: string): Promise<void>;
