using BreakGlassConsumer;

// `dotnet run` synthesizes both examples into cdk.out/app and cdk.out/organization.
ExampleApps.CreateExampleApp(Path.Combine("cdk.out", "app")).Synth();
ExampleApps.CreateOrganizationApp(Path.Combine("cdk.out", "organization")).Synth();
