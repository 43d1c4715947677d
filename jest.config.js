/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  // validator-warm: see the file (a validator shared across test files must resolve its lazy requires in time).
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean', '<rootDir>/test/setup/validator-warm.ts'],
  // One synth of the default platform per run, shared by the tests that walk the whole output.
  globalSetup: '<rootDir>/test/setup/default-synth.ts',
  globalTeardown: '<rootDir>/test/setup/default-synth-teardown.ts',
  // The CloudFormation validator's WASM engine starts once per worker (~2 s); the first
  // synth in a file pays it.
  testTimeout: 60_000,
  // Two workers on the 2-core machines we run on: jest's default there (cores - 1 = 1) runs every
  // file in one process, whose memory grows to 5 GB and spends its time in GC (132 s vs 53 s).
  maxWorkers: 2,
};
