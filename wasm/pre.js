// Inside Emscripten's module factory (--pre-js), so it sees the loader's own names: how the
// WebAssembly is instantiated. Always from a compiled WebAssembly.Module, kept as
// Module.wasmModule so that api.js can hand it on (nw.wasmModule): a page's compute workers then
// instantiate the page's module instead of each decoding and compiling its own copy. The module is
// the one NadarayaWatson.load({wasmModule}) was given, else the one compiled here from the bytes
// embedded in this file. A given module is used only if it fits this loader: it imports exactly
// what the loader provides, and its instance exports a memory and a function table; otherwise
// (another build's) the embedded bytes are compiled instead. No `?.` or `??`: Emscripten 3.1.6's
// minifier (its terser) cannot parse them.
Module['instantiateWasm'] = (imports, receiveInstance) => {
  const fits = (mod) => {
    const wanted = WebAssembly.Module.imports(mod);
    let provided = 0;
    for (const name of Object.keys(imports)) provided += Object.keys(imports[name]).length;
    return (
      wanted.length === provided &&
      wanted.every(
        (d) =>
          d.kind === 'function' &&
          imports[d.module] !== undefined &&
          typeof imports[d.module][d.name] === 'function',
      )
    );
  };
  const complete = (instance) => {
    const values = Object.values(instance.exports);
    return (
      values.some((v) => v instanceof WebAssembly.Memory) &&
      values.some((v) => v instanceof WebAssembly.Table)
    );
  };
  const instantiate = (mod) =>
    WebAssembly.instantiate(mod, imports).then((instance) => ({ mod, instance }));
  // The embedded bytes, decoded by the engine where it can (Uint8Array.fromBase64: Chromium 140+,
  // Firefox 133+, Safari 18.2+); else by the loader (a loop over its 545,000 characters in JS:
  // 8-10 ms of a page load's main thread, before the compile can start; Node decodes natively).
  const binary = () =>
    typeof Uint8Array.fromBase64 === 'function' && isDataURI(wasmBinaryFile)
      ? Uint8Array.fromBase64(wasmBinaryFile.slice(dataURIPrefix.length))
      : getBinary(wasmBinaryFile);
  const own = () => WebAssembly.compile(binary()).then(instantiate);
  const given = Module['wasmModule'];
  const start =
    given && fits(given)
      ? instantiate(given).then((r) => (complete(r.instance) ? r : own()), own)
      : own();
  start
    .then((r) => {
      Module['wasmModule'] = r.mod;
      receiveInstance(r.instance, r.mod);
    })
    .catch(readyPromiseReject);
  return {}; // instantiated asynchronously: the loader waits for receiveInstance
};
