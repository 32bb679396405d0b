using System.Text;
using BankOrleans.ClusterTool;

// bank-cluster: the cluster commands of ./bank (up, down, status, silo, compose-secrets, …).
Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
if (RepositoryRoot.Find() is not { } root)
{
    Console.Error.WriteLine("bank: cannot find the repository (./bank and BankOrleans.sln) above " + AppContext.BaseDirectory);
    return 1;
}

return await ClusterToolCommands.RunAsync(args, root, Console.Out, Console.Error);
