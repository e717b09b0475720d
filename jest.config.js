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
  testTimeout: 30000
}
