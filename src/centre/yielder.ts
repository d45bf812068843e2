/** Give way to other requests (I/O callbacks run) when this slice of work has taken more than ~10 ms. */
export function yielder(sliceMs = 10): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise((r) => setImmediate(r));
    since = performance.now();
  };
}
