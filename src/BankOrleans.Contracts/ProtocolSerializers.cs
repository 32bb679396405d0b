using BankOrleans.Contracts.Replication;

// The protocol's messages are declared in BankOrleans.Protocol, which references Orleans'
// serialization attributes only; their serializers are generated here, in the first assembly
// that has the Orleans SDK, so that Protocol builds without Orleans.
[assembly: GenerateCodeForDeclaringAssembly(typeof(Ballot))]
