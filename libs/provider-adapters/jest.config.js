module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'provider-adapters',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
