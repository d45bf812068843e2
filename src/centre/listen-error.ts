
/** Why `centre serve` could not listen, as a message code and its params (the system's error code is kept as data). */
export function listenFailure(err: unknown, host: string, port: number): { code: string; params: Record<string, unknown> } {
  const code = (err as NodeJS.ErrnoException)?.code ?? 'unknown';
  const params = { host, port, next: port < 65535 ? port + 1 : 8080, code };
  if (code === 'EADDRINUSE') return { code: 'centre.port-in-use', params };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'centre.port-denied', params };
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'centre.address-unavailable', params };
  return { code: 'centre.listen-failed', params };
}
