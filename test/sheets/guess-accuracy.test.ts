/**
 * How often `--guess` agrees with someone else's mapping (issue 16: ≥ 95 %). Two sources of truth nobody on this
 * project wrote: the portals' own hand-written field mappings next to their dumps (test/fixtures/real, every
 * field_mapping_*.json found there is scored), and header names the standards and real templates use
 * (standards-notes.md, standards-research*.md), listed with where each comes from. The score of each is in the
 * test's name.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessTemplate } from '../../src/pipeline/guess.js';
import { guessFromHeaders } from '../../src/mapping/guess.js';
import { fixture } from '../helpers/cli.js';

const real = (f: string) => fixture('real', f);

/** What each target of the portals' mappings (ChinaOpenDataPortal) means in terms of the synonym table. */
const PORTAL_MEANING: Record<string, string> = {
  title: 'title', description: 'abstract', department: 'provider', publish_time: 'published', update_time: 'metadata-updated',
  update_frequency: 'update-cycle', is_open: 'openness', data_formats: 'format', category: 'classification', industry: 'industry',
  tags: 'keywords', email: 'contact', telephone: 'contact', url: 'url', data_volume: 'record-count',
};

const pct = (ok: number, n: number) => `${ok}/${n} = ${Math.round((100 * ok) / n)}%`;

/** Portal name → [dump, mapping] for every mapping file in the real fixtures that has its dump beside it. */
const portals = fs.readdirSync(fixture('real')).filter((f) => /^field_mapping_.+\.json$/.test(f)).map((m) => {
  const name = m.slice('field_mapping_'.length, -'.json'.length);
  return { name, mapping: m, dump: `portal_records_${name}.json` };
}).filter((p) => fs.existsSync(real(p.dump)));

const scores = await Promise.all(portals.map(async (p) => {
  const theirs = JSON.parse(fs.readFileSync(real(p.mapping), 'utf8')) as Record<string, string>;
  const guess = await guessTemplate(real(p.dump));
  const misses = Object.entries(theirs).filter(([column, target]) => guess.columns.find((c) => c.column === column)?.meaning !== PORTAL_MEANING[target]);
  return { ...p, n: Object.keys(theirs).length, ok: Object.keys(theirs).length - misses.length, misses };
}));

describe('--guess against the portals\' own field mappings', () => {
  it('finds the portal mappings to score', () => expect(portals.length).toBeGreaterThanOrEqual(2));
  for (const s of scores) {
    it(`${s.name}: ${pct(s.ok, s.n)} of the portal's labels get the portal's meaning`, () => {
      console.log(`guess accuracy ${s.name}: ${pct(s.ok, s.n)}`);
      expect(s.ok / s.n, JSON.stringify(s.misses)).toBeGreaterThanOrEqual(0.95);
    });
  }
});

/**
 * Header names with a known meaning, from the standards and real templates (not from the two portals): where each
 * comes from is said line by line. A column alone, as a header row with no values.
 */
const NAMED: [source: string, header: string, meaning: string][] = [
  // GB/T 21063.3 core metadata (standards-notes.md; standards-research.md §1.2)
  ...([['信息资源名称', 'title'], ['信息资源发布日期', 'published'], ['信息资源摘要', 'abstract'], ['信息资源提供方', 'provider'], ['信息资源提供单位', 'provider'],
    ['提供方名称', 'provider'], ['关键字', 'keywords'], ['关键字说明', 'keywords'], ['元数据标识符', 'identifier'], ['类目名称', 'classification'],
    ['在线资源链接地址', 'url'], ['服务地址', 'url'], ['元数据更新日期', 'metadata-updated']] as const).map(([h, m]) => ['GB/T 21063.3', h, m] as [string, string, string]),
  // 2017 guide, 13 core fields (standards-notes.md)
  ...([['信息资源代码', 'resource-code'], ['信息资源提供方代码', 'provider-code'], ['信息资源格式', 'format'], ['共享类型', 'share-type'], ['共享条件', 'share-condition'],
    ['共享方式', 'share-method'], ['是否向社会开放', 'open'], ['开放条件', 'open-condition'], ['更新周期', 'update-cycle'], ['发布日期', 'published'],
    ['关联资源代码', 'related'], ['共享属性', 'share-type']] as const).map(([h, m]) => ['guide 2017', h, m] as [string, string, string]),
  // Sichuan 1272 template field names (standards-research.md §4)
  ...([['提供方代码', 'provider-code'], ['摘要', 'abstract'], ['共享方式分类', 'share-method'], ['是否社会开放', 'open'], ['名称', 'title'], ['格式', 'format'],
    ['提供方', 'provider'], ['开放类型', 'openness']] as const).map(([h, m]) => ['Sichuan template', h, m] as [string, string, string]),
  // GB/T 39046-2020 表16, DB33/T 2426-2022 (standards-research-2.md)
  ...([['政务服务数据提供方', 'provider'], ['政务服务数据摘要', 'abstract'], ['所属领域', 'classification'], ['公共数据来源机构', 'provider']] as const)
    .map(([h, m]) => ['GB/T 39046 / DB33', h, m] as [string, string, string]),
  // Portal header variants seen across portals (standards-notes.md, last section)
  ...([['提供单位', 'provider'], ['来源部门', 'provider'], ['数源单位', 'provider'], ['数据提供方', 'provider'], ['资源提供方', 'provider'], ['所属部门', 'provider'],
    ['开放属性', 'openness'], ['开放状态', 'openness'], ['开放方式', 'openness'], ['更新频率', 'update-cycle']] as const)
    .map(([h, m]) => ['portal variants', h, m] as [string, string, string]),
  // The recurring misses issue 16 lists (other portals' headers)
  ...([['详情页网址', 'url'], ['领域名称', 'classification'], ['重点领域', 'classification'], ['数据主题', 'classification'], ['开放主题', 'classification'],
    ['行业名称', 'industry'], ['部门电话', 'contact'], ['部门邮箱', 'contact'], ['提供机构', 'provider'], ['摘要描述', 'abstract'], ['数据简介', 'abstract'],
    ['下载格式', 'format']] as const).map(([h, m]) => ['issue 16', h, m] as [string, string, string]),
  // DCAT / Project Open Data keys (test/fixtures/schemas)
  ...([['title', 'title'], ['description', 'abstract'], ['publisher', 'provider'], ['issued', 'published'], ['modified', 'metadata-updated'],
    ['accrualPeriodicity', 'update-cycle'], ['keyword', 'keywords'], ['theme', 'classification'], ['landingPage', 'url'], ['contactPoint', 'contact'],
    ['identifier', 'identifier'], ['format', 'format']] as const).map(([h, m]) => ['DCAT / data.json', h, m] as [string, string, string]),
];

describe('--guess against header names from the standards and real templates', () => {
  const bySource = new Map<string, [string, string][]>();
  for (const [src, h, m] of NAMED) bySource.set(src, [...(bySource.get(src) ?? []), [h, m]]);
  const all = NAMED.map(([src, h, m]) => ({ src, h, m, got: guessFromHeaders([h]).columns[0].meaning }));
  const ok = all.filter((x) => x.got === x.m).length;
  it(`all sources: ${pct(ok, all.length)} agree`, () => {
    console.log(`guess accuracy on named headers: ${pct(ok, all.length)}`);
    expect(ok / all.length, JSON.stringify(all.filter((x) => x.got !== x.m))).toBeGreaterThanOrEqual(0.95);
  });
  for (const [src, pairs] of bySource) {
    const good = pairs.filter(([h, m]) => guessFromHeaders([h]).columns[0].meaning === m).length;
    it(`${src}: ${pct(good, pairs.length)}`, () => expect(good / pairs.length).toBeGreaterThanOrEqual(0.9));
  }
});

describe('values decide too', () => {
  it('a condition column whose values are all openness types is the openness type; a 序号 column is no code list', () => {
    const g = guessFromHeaders(['序号', '名称', '开放条件'], { values: [[1, 2, 3], ['a', 'b', 'c'], ['无条件开放', '有条件开放', '无条件开放']] });
    expect(g.columns.map((c) => c.meaning)).toEqual([undefined, 'title', 'openness']);
    expect(g.unplaced).toEqual(['序号']);
  });

  it('unknown headers go by clear values (share types, update cycles, URLs, credit codes, dates and yes/no where the header hints)', () => {
    const g = guessFromHeaders(['甲', '乙', '丙', '丁', '上架日期', '对外开放'], {
      values: [['无条件共享', '有条件共享'], ['每月', '每年'], ['https://a.example/1', 'https://a.example/2'], ['11330106MB1F628054', '11330106MB1F628054'], ['2024-01-02', '2024年3月1日'], ['是', '否']],
    });
    expect(g.columns.map((c) => c.meaning)).toEqual(['share-type', 'update-cycle', 'url', 'provider-code', 'published', 'open']);
  });

  it('two columns with one meaning are ranked, the runner-up named; values that contradict a header rank it last', () => {
    const g = guessFromHeaders(['创建时间', '发布时间'], { values: [['2024-01-01', '2024-01-02'], ['2024-02-01', '2024-02-02']] });
    expect(g.columns).toEqual([{ column: '创建时间', runnerUpOf: '发布时间', meaning: 'published' }, expect.objectContaining({ column: '发布时间', field: '/publishedDate' })]);
    // 发布日期 holding free text loses to 创建时间 holding dates.
    const h = guessFromHeaders(['发布日期', '创建时间'], { values: [['见附件', '另行通知', '待定'], ['2024-01-01', '2024-01-02', '2024-01-03']] });
    expect(h.columns.find((c) => c.field === '/publishedDate')?.column).toBe('创建时间');
    expect(h.columns[0]).toMatchObject({ runnerUpOf: '创建时间' });
  });
});
