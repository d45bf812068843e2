import type { MessageTable } from '../i18n/table.js';

/** Messages of the data-element dictionary (数据元): loading it and matching 信息项 against it. */
export const ELEMENT_MESSAGES = {
  'element-mismatch': {
    zh: '信息项“{item}”对应数据元“{element}”：应为 {expected}，实际为 {found}（依据：{source}）',
    en: '{element} should be {expected}, found {found} (item "{item}"; source: {source})',
  },
  'elements-not-found': { zh: '找不到数据元字典：{file}（请检查 --elements 的路径）', en: 'data-element dictionary not found: {file} (check the --elements path)' },
  'elements-invalid': {
    zh: '数据元字典 {file} 不符合 standards/common/data-elements.schema.json：{detail}',
    en: 'data-element dictionary {file} does not match standards/common/data-elements.schema.json: {detail}',
  },
};

export const messages = ELEMENT_MESSAGES satisfies MessageTable;
