import * as XLSX from '@e965/xlsx';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Excel serial date → ISO text, timezone-free (from the serial's own calendar fields). Here, not in readers/,
 * because mapping reads serials from CSV text too.
 */
export function serialToIso(serial: number, date1904 = false): string | undefined {
  const p = XLSX.SSF.parse_date_code(serial, { date1904 }) as { y: number; m: number; d: number; H: number; M: number; S: number } | null;
  if (!p || !p.y) return undefined;
  const day = `${p.y}-${pad(p.m)}-${pad(p.d)}`;
  return p.H || p.M || p.S ? `${day}T${pad(p.H)}:${pad(p.M)}:${pad(p.S)}` : day;
}
