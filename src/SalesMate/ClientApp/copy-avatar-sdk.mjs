// HeyGen's browser SDK is ESM with bare imports ('livekit-client', 'protobufjs'). Browsers resolve those only through an
// inline import map, which the pages' CSP (no inline scripts) forbids, so the copy in wwwroot/lib points them at files.
// protobuf.js's browser build probes for Node's `require` with eval("require") (its bundled, old @protobufjs/inquire);
// the CSP has no 'unsafe-eval', so each probe logged a CSP error on the voice page. In a browser the probe can only fail,
// so the copy fails it without eval: same result, clean console.
// Usage: node copy-avatar-sdk.mjs <wwwroot/lib>
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const lib = process.argv[2];
const sdk = readFileSync("node_modules/@heygen/streaming-avatar/lib/index.esm.js", "utf8");
const rewritten = sdk
  .replace(/from 'livekit-client'/g, "from '../livekit-client/livekit-client.esm.js'")
  .replace(/from 'protobufjs'/g, "from '../../js/protobufjs-module.js'");
if (rewritten.includes("from 'livekit-client'") || !rewritten.includes("../livekit-client/")) {
  throw new Error("@heygen/streaming-avatar: its imports changed; update copy-avatar-sdk.mjs");
}
mkdirSync(join(lib, "heygen"), { recursive: true });
writeFileSync(join(lib, "heygen", "streaming-avatar.esm.js"), rewritten);

const protobuf = readFileSync("node_modules/protobufjs/dist/protobuf.min.js", "utf8");
const probe = 'eval("require")';
const withoutEval = protobuf.split(probe).join("undefined");
if (protobuf.split(probe).length !== 2 || /\beval\(/.test(withoutEval)) {
  throw new Error("protobufjs: its require probe changed; update copy-avatar-sdk.mjs");
}
mkdirSync(join(lib, "protobufjs"), { recursive: true });
writeFileSync(join(lib, "protobufjs", "protobuf.min.js"), withoutEval);
