// HeyGen's browser SDK is ESM with bare imports ('livekit-client', 'protobufjs'). Browsers resolve those only through an
// inline import map, which the pages' CSP (no inline scripts) forbids, so the copy in wwwroot/lib points them at files.
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
