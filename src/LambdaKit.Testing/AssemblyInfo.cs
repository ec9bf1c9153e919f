using System.Runtime.CompilerServices;

// The lambdakit tool opens deployment packages as the test hosts do (DeploymentPackage).
[assembly: InternalsVisibleTo("lambdakit")]
