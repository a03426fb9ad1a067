module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'contact-model',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
