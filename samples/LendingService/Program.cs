using RiskScoring.Samples.LendingService;

// dotnet run --project samples/LendingService [--urls http://127.0.0.1:5080] [--RiskScoring:ModelPath model.rsmodel]
LendingServiceApp.Build(args).Run();
