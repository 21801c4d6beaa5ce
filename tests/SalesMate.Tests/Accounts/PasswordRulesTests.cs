using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Services.Auth;

namespace SalesMate.Tests.Accounts;

/// <summary>The stored hash format and the password rules, without a server.</summary>
public sealed class PasswordRulesTests
{
    private static PasswordHasher Hasher(int iterations = AuthOptions.MinimumPasswordIterations) =>
        new(Options.Create(new AuthOptions { PasswordIterations = iterations }));

    [Fact]
    public void Hashes_name_algorithm_version_and_iterations_and_use_a_fresh_salt()
    {
        var hasher = Hasher();
        var first = hasher.Hash("correct horse battery staple");
        var second = hasher.Hash("correct horse battery staple");

        first.Should().MatchRegex(@"^\$pbkdf2-sha512\$v=1\$i=220000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$");
        second.Should().NotBe(first);
        hasher.Verify(first, "correct horse battery staple").Should().Be(PasswordCheck.Success);
        hasher.Verify(first, "Correct horse battery staple").Should().Be(PasswordCheck.Failed);
    }

    [Fact]
    public void Raising_the_iterations_marks_older_hashes_for_rehash()
    {
        var old = Hasher().Hash("correct horse battery staple");

        var raised = Hasher(AuthOptions.MinimumPasswordIterations + 10_000);

        raised.Verify(old, "correct horse battery staple").Should().Be(PasswordCheck.SuccessRehashNeeded);
        raised.Verify(old, "wrong").Should().Be(PasswordCheck.Failed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("$pbkdf2-sha512$v=1$i=abc$AAAA$AAAA")]
    [InlineData("$bcrypt$v=1$i=10$AAAA$AAAA")]
    public void Missing_or_unreadable_hashes_never_verify(string? stored)
    {
        Hasher().Verify(stored, "plain-text-password").Should().Be(PasswordCheck.Failed);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("seven77", "at least 8 characters (got 7)")]
    [InlineData("password", "most common")]
    [InlineData("Iloveyou1", "most common")]
    [InlineData("QWERTYUIOP", "most common")]
    [InlineData("dana@example.com", "email address")]
    public void Policy_names_the_rule_that_failed(string password, string message)
    {
        var act = () => new PasswordPolicy().Check(password, "password", "dana@example.com");

        act.Should().Throw<RequestValidationException>().Which.Errors["password"].Single().Should().Contain(message);
    }

    [Fact]
    public void Policy_counts_characters_not_bytes_and_caps_the_length()
    {
        var policy = new PasswordPolicy();
        policy.Invoking(p => p.Check("ñandú✓ok", "password")).Should().NotThrow("8 characters, though more bytes");
        policy.Invoking(p => p.Check(new string('x', 127) + "y", "password")).Should().NotThrow();
        policy.Invoking(p => p.Check(new string('x', 128) + "y", "password")).Should().Throw<RequestValidationException>()
            .Which.Errors["password"].Single().Should().Contain("at most 128");
        policy.Invoking(p => p.Check("a long and unusual passphrase", "password")).Should().NotThrow();
    }

    [Fact]
    public void The_common_password_list_is_embedded_with_thousands_of_entries()
    {
        PasswordPolicy.CommonPasswordCount.Should().BeGreaterThanOrEqualTo(10_000);
    }
}
