import { defineMessages } from '../i18n/messages.js';

/** Messages of `catalog publish` (library + CLI), zh + en. */
defineMessages({
  'publish-key-missing': { zh: '记录没有信息资源代码、元数据标识符或信息资源标识符，无法发布', en: 'record has no resourceCode, metadataIdentifier or resourceIdentifier, so it cannot be published' },
  'publish-duplicate-key': { zh: '记录键 {key} 重复（首次出现于 {first}）', en: 'key {key} given twice (first at {first})' },
  'publish.no-url': { zh: '未指定目录中心地址：请使用 --centre <url> 或在 catalog.config.json 中设置 centre.url', en: 'no centre URL: give --centre <url> or set centre.url in catalog.config.json' },
  'publish.no-ckan-url': { zh: '未指定 CKAN 地址：请使用 --ckan-url <url>', en: 'no CKAN URL: give --ckan-url <url>' },
  'publish.bad-url': { zh: '地址无效：{url}', en: 'not a valid URL: {url}' },
  'publish.no-token': { zh: '未找到令牌：请设置环境变量 {env} 或 catalog.config.json 中的 centre.token（不要在命令行中传入令牌）', en: 'no token: set the {env} environment variable or centre.token in catalog.config.json (tokens are never taken on the command line)' },
  'publish.package-invalid': { zh: '注册包 {file} 校验失败，未发布任何记录：', en: 'package {file} failed verification; nothing was published:' },
  'publish.no-input': { zh: '没有可发布的记录', en: 'nothing to publish' },
  'publish.header': { zh: '{kind} {url}{dry}', en: '{kind} {url}{dry}' },
  'publish.kind.centre': { zh: '目录中心', en: 'centre' },
  'publish.kind.ckan': { zh: 'CKAN', en: 'CKAN' },
  'publish.more': { zh: '……另有 {n} 条（--verbose 显示全部）', en: '… and {n} more (--verbose lists all)' },
  'publish.dry': { zh: '（试运行，未发送任何写请求）', en: ' (dry run: no writes sent)' },
  'publish.plan': { zh: '计划：新增 {added}，变更 {changed}，未变 {unchanged}，撤销 {withdraw}', en: 'plan: added {added}, changed {changed}, unchanged {unchanged}, withdrawn {withdraw}' },
  'publish.summary': { zh: '结果：接受 {accepted}（新增 {added}，变更 {changed}），拒绝 {rejected}，未变 {unchanged}，撤销 {withdrawn}，待发送 {pending}', en: 'result: accepted {accepted} ({added} added, {changed} changed), rejected {rejected}, unchanged {unchanged}, withdrawn {withdrawn}, pending {pending}' },
  'publish.rejected': { zh: '被拒绝的记录：', en: 'rejected records:' },
  'publish.errors': { zh: '远程错误：', en: 'remote errors:' },
  'publish.pending-hint': { zh: '{pending} 条记录未获确认；重新运行同一命令只会发送这些记录', en: '{pending} records were not acknowledged; re-run the same command to send just those' },
  'publish.interrupted': { zh: '已中断；已确认的记录已记入发布台账，重新运行即可继续', en: 'interrupted; acknowledged records are in the publish ledger, re-run to resume' },
  'publish.progress': { zh: '{phase} {done}/{total}：接受 {accepted}，拒绝 {rejected}，未变 {unchanged}', en: '{phase} {done}/{total}: accepted {accepted}, rejected {rejected}, unchanged {unchanged}' },
  'publish.phase.send': { zh: '发送', en: 'sending' },
  'publish.phase.withdraw': { zh: '撤销', en: 'withdrawing' },
  'publish.ledger': { zh: '发布台账：{file}', en: 'publish ledger: {file}' },
  'publish.ledger-torn': { zh: '发布台账中有 {n} 行不完整（上次中断所致），已忽略', en: 'ignored {n} torn line(s) in the publish ledger (left by an interrupted run)' },
});
