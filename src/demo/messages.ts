import type { MessageTable } from '../i18n/table.js';

/** Messages of `catalog demo`. */
export const messages = {
  'demo.title': {
    zh: '演示：用内置示例数据（虚构的“示例区人力资源和社会保障局”）走一遍完整流程',
    en: 'Demo: the whole pipeline on bundled sample data (a fictional district human resources and social security bureau)',
  },
  'demo.step.init': { zh: '初始化工作区 {dir}（等同于 catalog init --yes …）', en: 'Set up a workspace in {dir} (same as catalog init --yes …)' },
  'demo.init.done': {
    zh: '写入 catalog.config.json（{name}，{code}，行政区划 {division}，规范 {profile}）和 mapping.json（依据内置模板 {basis}，{columns} 列）',
    en: 'wrote catalog.config.json ({name}, {code}, division {division}, profile {profile}) and mapping.json (from the bundled template {basis}, {columns} columns)',
  },
  'demo.step.map': { zh: '映射有错误的编制表 {file}（catalog map）', en: 'Map the compilation sheet with deliberate errors, {file} (catalog map)' },
  'demo.map.done': { zh: '读取 {rows} 行，生成 {records} 条记录，拒绝 {rejected} 行', en: '{rows} rows read, {records} records, {rejected} rows rejected' },
  'demo.step.validate-errors': { zh: '校验 {file}（catalog validate --mapping）：示例中故意留了几处错误', en: 'Validate {file} (catalog validate --mapping): the sample has a few deliberate errors' },
  'demo.validate.summary': { zh: '{records} 条记录中 {invalid} 条有错误：{errors} 个错误，{warnings} 个警告', en: '{invalid} of {records} records invalid: {errors} errors, {warnings} warnings' },
  'demo.step.validate-corrected': { zh: '校验更正后的 {file}', en: 'Validate the corrected {file}' },
  'demo.step.pack': { zh: '生成注册包（catalog pack）', en: 'Build the registration package (catalog pack)' },
  'demo.pack.done': { zh: '{file}：{records} 条记录，{bytes} 字节', en: '{file}: {records} records, {bytes} bytes' },
  'demo.step.centre': { zh: '在本机空闲端口启动内嵌目录中心（catalog centre serve），并为本部门签发令牌', en: 'Start an embedded directory centre on a free loopback port (catalog centre serve) with a token for the department' },
  'demo.centre.started': { zh: '目录中心已启动：{url}', en: 'centre running at {url}' },
  'demo.step.publish': { zh: '发布注册包到 {url}（catalog publish）', en: 'Publish the package to {url} (catalog publish)' },
  'demo.publish.done': { zh: '已发布 {accepted} 条记录（新增 {added}，未变 {unchanged}，被拒 {rejected}）', en: '{accepted} records published ({added} added, {unchanged} unchanged, {rejected} rejected)' },
  'demo.step.query': { zh: '从目录中心检索“{keyword}”', en: 'Search the centre for "{keyword}"' },
  'demo.query.hits': { zh: '检索到 {total} 条：GET {url}', en: '{total} hits: GET {url}' },
  'demo.query.item': { zh: '  {n}. {key}  {title}（{provider}）', en: '  {n}. {key}  {title} ({provider})' },
  'demo.query.fetched': { zh: '取回记录 {key}“{title}”，含 {items} 个信息项：GET {url}', en: 'fetched record {key} "{title}" with {items} information items: GET {url}' },
  'demo.step.stop': { zh: '停止目录中心', en: 'Stop the centre' },
  'demo.done': {
    zh: '完成。自己试试：catalog init、catalog map、catalog validate、catalog pack、catalog centre serve、catalog publish（见 README 教程）',
    en: 'Done. Try it yourself: catalog init, catalog map, catalog validate, catalog pack, catalog centre serve, catalog publish (see the README tutorial)',
  },
  'demo.failed': { zh: '演示未按预期完成（见上文）', en: 'the demo did not end as expected (see above)' },
  'demo.kept': { zh: '工作区保留在 {dir}', en: 'workspace kept in {dir}' },
} satisfies MessageTable;

