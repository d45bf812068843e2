/**
 * 更新周期 (2017 guide update-cycle labels) ↔ other vocabularies. Project mapping, not from a standard:
 * EU Publications Office frequency authority table IRIs (DCAT-AP) and ISO 8601 repeating durations
 * (Project Open Data accrualPeriodicity). 其他 has no counterpart and is not exported.
 */
const EU = 'http://publications.europa.eu/resource/authority/frequency/';

const TABLE: { label: string; eu: string; iso: string }[] = [
  { label: '实时', eu: 'UPDATE_CONT', iso: 'R/PT1S' },
  { label: '每日', eu: 'DAILY', iso: 'R/P1D' },
  { label: '每周', eu: 'WEEKLY', iso: 'R/P1W' },
  { label: '每旬', eu: 'TRIDECADAL', iso: 'R/P10D' },
  { label: '每月', eu: 'MONTHLY', iso: 'R/P1M' },
  { label: '每季度', eu: 'QUARTERLY', iso: 'R/P3M' },
  { label: '每半年', eu: 'BIANNUAL', iso: 'R/P6M' },
  { label: '每年', eu: 'ANNUAL', iso: 'R/P1Y' },
  { label: '不定期', eu: 'IRREG', iso: 'irregular' },
];

export const cycleToEuFrequency = (label?: string): string | undefined => {
  const hit = TABLE.find((t) => t.label === label);
  return hit ? EU + hit.eu : undefined;
};
export const euFrequencyToCycle = (iri?: string): string | undefined => TABLE.find((t) => EU + t.eu === iri)?.label;
export const cycleToIsoPeriod = (label?: string): string | undefined => TABLE.find((t) => t.label === label)?.iso;
export const isoPeriodToCycle = (p?: string): string | undefined => TABLE.find((t) => t.iso === p)?.label;
