import { defineMessages } from '../i18n/messages.js';

defineMessages({
  'centre.db-required': { zh: '请用 --db <文件|postgres://…> 或环境变量 {env} 指定目录中心的数据库', en: '--db <file|postgres://…> or {env} is required' },
  'centre.port-in-use': {
    zh: '无法启动目录中心：{host}:{port} 端口已被占用（可能另一个目录中心或其他程序正在使用）。请换一个端口（--port {next}），或先停止占用该端口的程序',
    en: 'cannot start the centre: port {port} on {host} is already in use (another centre or program holds it). Choose another port (--port {next}) or stop the program using it',
  },
  'centre.port-denied': {
    zh: '无法启动目录中心：没有权限监听 {host}:{port}（1024 以下的端口需要管理员权限）。请换一个 1024 以上的端口，例如 --port 8080',
    en: 'cannot start the centre: no permission to listen on {host}:{port} (ports below 1024 need administrator rights). Choose a port above 1024, e.g. --port 8080',
  },
  'centre.address-unavailable': {
    zh: '无法启动目录中心：本机没有地址 {host}（--host）。请用 127.0.0.1、0.0.0.0 或本机网卡的地址',
    en: 'cannot start the centre: this machine has no address {host} (--host). Use 127.0.0.1, 0.0.0.0 or an address of one of its network interfaces',
  },
  'centre.listen-failed': {
    zh: '无法启动目录中心：不能监听 {host}:{port}（系统错误 {code}）',
    en: 'cannot start the centre: cannot listen on {host}:{port} (system error {code})',
  },
});

/** Why `centre serve` could not listen, as a message code and its params (the system's error code is kept as data). */
export function listenFailure(err: unknown, host: string, port: number): { code: string; params: Record<string, unknown> } {
  const code = (err as NodeJS.ErrnoException)?.code ?? 'unknown';
  const params = { host, port, next: port < 65535 ? port + 1 : 8080, code };
  if (code === 'EADDRINUSE') return { code: 'centre.port-in-use', params };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'centre.port-denied', params };
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'centre.address-unavailable', params };
  return { code: 'centre.listen-failed', params };
}
