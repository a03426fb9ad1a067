// `npm test` runs every project: unit specs beside the code, integration suites in e2e/.
module.exports = {
  projects: ['<rootDir>/apps/*/jest.config.js', '<rootDir>/libs/*/jest.config.js', '<rootDir>/e2e/jest.config.js'],
};
