// Preloaded with `node -r` by `npx projen test:dotnet`: aws-cdk-lib and constructs resolve
// from this folder's node_modules (the aws-cdk-lib version the C# consumer uses), whoever
// requires them, so the TypeScript reference is synthesized with the same aws-cdk-lib as C#.
const Module = require('module');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
  if (/^(aws-cdk-lib|constructs)(\/|$)/.test(request)) {
    return resolveFilename.call(this, request, parent, isMain, { ...options, paths: [__dirname] });
  }
  return resolveFilename.call(this, request, parent, isMain, options);
};
