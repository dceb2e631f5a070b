'use strict';
// Run by `npm pack` and `npm publish` first (package.json "prepack"). The package ships the built
// API from dist/ (package.json "files"), which the repository does not commit: each of those files
// must exist, and the API in them must be the build of package.json's version. Otherwise npm would
// pack whatever is there, silently leaving out what is missing. Build with bash scripts/build.sh.

const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const missing = pkg.files.filter((f) => !fs.existsSync(path.join(root, f)));
if (missing.length) {
  console.error(`prepack: ${missing.join(', ')} missing; build first: bash scripts/build.sh`);
  process.exit(1);
}
const built = require(path.join(root, pkg.main)).version;
if (built !== pkg.version) {
  console.error(
    `prepack: ${pkg.main} is version ${built}, package.json says ${pkg.version}; rebuild`,
  );
  process.exit(1);
}
