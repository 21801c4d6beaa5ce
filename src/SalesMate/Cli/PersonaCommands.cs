using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using Spectre.Console;

namespace SalesMate.Cli;

internal static class PersonaCommands
{
    public static Command SeedPersonas()
    {
        var overwrite = new Option<bool>("--overwrite") { Description = "Update personas that already exist (matched by code)." };
        var command = new Command("seed-personas", "Load data/personas/personas.json (shopper personas) and assistant_personas.json into the database.")
        {
            overwrite,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(cancellationToken);
            await host.PrepareDefaultTenantAsync(cancellationToken);
            var (shoppers, assistants) = await host.Get<DatabaseInitializer>().SeedPersonasAsync(parse.GetValue(overwrite), cancellationToken);
            AnsiConsole.MarkupLine($"[green]{shoppers}[/] shopper and [green]{assistants}[/] assistant personas written.");
            return 0;
        });
        return command;
    }

    /// <summary>Seed 000's migrate_personas.py: each demo persona becomes a user account with a profile.</summary>
    public static Command MigratePersonas()
    {
        var command = new Command("migrate-personas", "Create a demo user with a profile (budget, categories, features, preferences) for each shopper persona.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(cancellationToken);
            await host.PrepareDefaultTenantAsync(cancellationToken);
            var db = host.Get<SalesMateDbContext>();
            var now = DateTime.UtcNow;
            var created = 0;
            foreach (var persona in await db.ShopperPersonas.ToListAsync(cancellationToken))
            {
                var email = $"persona-{persona.Code}@demo.salesmate.local";
                if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
                {
                    continue;
                }
                var user = new User { Id = Guid.CreateVersion7(), Email = email, DisplayName = persona.Name, CreatedAt = now };
                db.Users.Add(user);
                db.UserProfiles.Add(new UserProfile
                {
                    Id = Guid.CreateVersion7(),
                    UserId = user.Id,
                    BudgetMin = persona.BudgetMin,
                    BudgetMax = persona.BudgetMax,
                    Currency = persona.Currency,
                    Categories = [.. persona.Categories],
                    KeyFeatures = [.. persona.KeyFeatures],
                    Preferences = [.. persona.Preferences],
                    CreatedAt = now,
                    UpdatedAt = now,
                });
                created++;
            }
            await db.SaveChangesAsync(cancellationToken);
            AnsiConsole.MarkupLine($"[green]{created}[/] persona users created (existing ones left as they are).");
            return 0;
        });
        return command;
    }
}
