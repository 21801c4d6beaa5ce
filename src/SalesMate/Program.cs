using SalesMate.Cli;

// `salesmate` with no command serves the web app; `salesmate --help` lists the commands.
return await SalesMateCli.RunAsync(args);

public partial class Program;
