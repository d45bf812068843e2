import type { MessageTable } from '../i18n/table.js';

/** Messages of crypto/ (code → zh/en): why a key cannot be made or read. Plain data. */
export const messages = {
  'key.unknown-algorithm': { zh: '未知的签名算法“{algorithm}”，可选：“ed25519”、“sm2”', en: 'unknown algorithm {algorithm} (use ed25519 or sm2)' },
  'key.pem-type': { zh: 'PEM 密钥类型为“{type}”（PEM 密钥只支持 ed25519）', en: 'PEM key type {type} (only ed25519 PEM keys are supported)' },
  'key.pem-unreadable': { zh: '无法解析 PEM 密钥：{detail}', en: 'cannot parse the PEM key: {detail}' },
  'key.json-algorithm': { zh: '密钥 JSON 中的算法为“{algorithm}”（应为 sm2）', en: 'algorithm {algorithm} in key JSON (expected sm2)' },
  'key.not-a-key': { zh: '既不是 PEM 密钥、SM2 密钥 JSON 文件，也不是十六进制的 SM2 公钥', en: 'neither a PEM key, an SM2 key JSON file nor an SM2 public key in hex' },
  'key.sm2-private': { zh: 'SM2 私钥（privateKey）应为 64 位十六进制数', en: 'SM2 privateKey must be 64 hex digits' },
  'key.sm2-public': { zh: 'SM2 公钥（publicKey）应为“04”加 128 位十六进制数', en: 'SM2 publicKey must be "04" followed by 128 hex digits' },
  'key.sm2-mismatch': { zh: 'SM2 公钥（publicKey）与私钥（privateKey）不匹配', en: 'SM2 publicKey does not belong to privateKey' },
} satisfies MessageTable;
