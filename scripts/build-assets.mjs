// Copies the web font from node_modules into the site's static folder.
// The copied files are committed, so serving the site never needs npm.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

const source = "node_modules/@fontsource/ibm-plex-sans-arabic/files";
const target = "site/static/fonts";
const wanted = /^ibm-plex-sans-arabic-(arabic|latin|latin-ext)-(400|600|700)-normal\.woff2?$/;

mkdirSync(target, { recursive: true });
let copied = 0;
for (const name of readdirSync(source)) {
  if (wanted.test(name)) {
    copyFileSync(join(source, name), join(target, name));
    copied += 1;
  }
}
console.log(`copied ${copied} font files to ${target}`);

// The check-in desk's offline queue (idb) and its QR code reader for browsers without a
// BarcodeDetector of their own (the barcode-detector polyfill and the ZXing WebAssembly it
// loads, served by the site instead of the CDN the package would fetch it from).
const desk = "events/attendance/static/attendance/desk/vendor";
const deskFiles = [
  ["node_modules/idb/build/umd.js", "idb.umd.js"],
  ["node_modules/idb/LICENSE", "idb.LICENSE.txt"],
  ["node_modules/barcode-detector/dist/iife/ponyfill.js", "barcode-detector.ponyfill.js"],
  ["node_modules/barcode-detector/LICENSE", "barcode-detector.LICENSE.txt"],
  ["node_modules/zxing-wasm/dist/reader/zxing_reader.wasm", "zxing_reader.wasm"],
  ["node_modules/zxing-wasm/LICENSE", "zxing-wasm.LICENSE.txt"],
];
mkdirSync(desk, { recursive: true });
for (const [from, to] of deskFiles) {
  copyFileSync(from, join(desk, to));
}
console.log(`copied ${deskFiles.length} check-in desk files to ${desk}`);
