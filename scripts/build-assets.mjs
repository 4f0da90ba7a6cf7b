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
