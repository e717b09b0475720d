/** ESM TypeScript tests: ts-jest's ESM preset, .js specifiers resolved to .ts sources. */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  resolver: 'ts-jest-resolver',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }]
  },
  reporters: ['default', '<rootDir>/__tests__/helpers/count-reporter.js'],
  testTimeout: 30000,
  // The suite waits on child processes and emulators far more than it computes: four workers on
  // a two-core machine take it from about 155 s to about 55 s. No assertion depends on how fast
  // a loaded machine is (figures are the bench's).
  maxWorkers: 4,
  // npm run demo/bench/emulator compile the tools into build/, package.json with them.
  modulePathIgnorePatterns: ['<rootDir>/build/']
}
