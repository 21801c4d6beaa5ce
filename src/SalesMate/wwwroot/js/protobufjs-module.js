// protobufjs ships CommonJS/UMD only; the voice page loads its UMD build (global `protobuf`) and HeyGen's ESM SDK
// imports it through the page's import map as this module.
export default globalThis.protobuf;
