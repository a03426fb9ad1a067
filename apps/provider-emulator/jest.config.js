module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'provider-emulator',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
