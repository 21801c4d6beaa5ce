// protobufjs ships CommonJS/UMD only: the voice page loads its UMD build (global `protobuf`), and the copy of HeyGen's
// ESM SDK in wwwroot/lib imports it as this module (see ClientApp/copy-avatar-sdk.mjs).
export default globalThis.protobuf;
