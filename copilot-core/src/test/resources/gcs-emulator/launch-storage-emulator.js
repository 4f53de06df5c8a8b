// Starts the Firebase Storage emulator (npm firebase-tools) as a GCS JSON-API server for tests.
// Usage: node launch-storage-emulator.js <firebase-tools install dir> <port> <project id>
// The Java rules runtime is stubbed out: the GCS JSON-API routes do not evaluate security rules,
// and the CLI would otherwise download a jar from the internet. Uses firebase-tools internals,
// so it is pinned to the version .ci/install-gcs-emulator installs.
'use strict';
const path = require('path');
const [installDir, portArg, projectId] = process.argv.slice(2);
const lib = path.join(installDir, 'node_modules', 'firebase-tools', 'lib', 'emulator', 'storage');

const { StorageRulesRuntime } = require(path.join(lib, 'rules', 'runtime'));
StorageRulesRuntime.prototype.start = async () => {};
StorageRulesRuntime.prototype.stop = async () => {};
const { StorageEmulator } = require(lib);
StorageEmulator.prototype.createRulesManager = () => ({
  start: async () => ({ all: [] }),
  stop: async () => {},
  getRuleset: () => undefined,
});

const port = Number(portArg);
const emulator = new StorageEmulator({
  host: '127.0.0.1',
  port,
  projectId: projectId || 'demo-copilot',
  auto_download: false,
});
// Registering it lets the emulator build object URLs (metadata links) from its own host and port.
const { EmulatorRegistry } = require(path.join(installDir, 'node_modules', 'firebase-tools', 'lib', 'emulator', 'registry'));
EmulatorRegistry.start(emulator).then(
  () => console.log('COPILOT-EMULATOR-READY ' + port),
  (e) => { console.error('COPILOT-EMULATOR-FAILED ' + (e && e.message)); process.exit(2); });

// Exit with the parent: the test closes stdin when it is done (or dies).
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
