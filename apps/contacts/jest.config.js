module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'contacts',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
