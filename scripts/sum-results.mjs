// Sums the JSON reports of every suite into the one line CI reads: "N passed, N failed".
import fs from "node:fs";

let passed = 0;
let failed = 0;
const missing = [];

function readJson(file) {
  if (!fs.existsSync(file)) {
    missing.push(file);
    return null;
  }
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

const vitest = readJson(".test-results/vitest.json");
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // a file that failed outside its tests (load error, empty suite, hook) must still count
  failed += vitest.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
}

const pw = readJson(".test-results/playwright.json");
if (pw) {
  passed += pw.stats.expected + pw.stats.flaky;
  failed += pw.stats.unexpected;
  failed += (pw.errors ?? []).length;
}

// a suite that produced no report did not run: that is a failure, not zero tests
failed += missing.length;
for (const file of missing) console.error(`no report: ${file}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
