module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'writeback',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
