using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Api.Middleware;

/// <summary>One named limit: its settings and the bucket a request falls into (null: the limit does not apply to it).</summary>
public sealed record RateLimitRule(string Name, string Scope, RateLimitRuleOptions Options, Func<RateLimitSubject, string?> Bucket);

/// <summary>
/// The global limiter behind ASP.NET Core's rate limiting middleware: every applicable rule must grant the request, and
/// a rejection says which rule refused it (<see cref="RejectedLease"/>). Each rule is a partitioned token bucket of
/// <c>limit</c> requests refilled evenly over its window, so Retry-After is the time until the next request fits.
/// </summary>
public sealed class SalesMateRateLimiter : PartitionedRateLimiter<HttpContext>
{
    private static readonly RateLimitLease Granted = new GrantedLease();
    private readonly (RateLimitRule Rule, PartitionedRateLimiter<string> Limiter)[] _limits;

    public SalesMateRateLimiter(IOptions<RateLimitOptions> options)
    {
        _limits = Rules(options.Value).Select(rule => (rule, PartitionedRateLimiter.Create<string, string>(
            key => RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(rule.Options))))).ToArray();
    }

    public static IReadOnlyList<RateLimitRule> Rules(RateLimitOptions o) => !o.Enabled ? [] :
    [
        new("ip", "from this IP address", o.Ip, s => s.Ip),
        new("user", "for this account, chat session or API key", o.User, s => s.Caller),
        new(RouteClasses.Chat, "of chat messages for this account, chat session or IP address", o.Chat,
            s => s.RouteClass == RouteClasses.Chat ? s.Caller ?? s.Ip : null),
        new(RouteClasses.Voice, "of voice requests for this account, chat session or IP address", o.Voice,
            s => s.RouteClass == RouteClasses.Voice ? s.Caller ?? s.Ip : null),
        // By address only: whoever guesses passwords or codes can make up a new session token for every try.
        new(RouteClasses.Auth, "of sign-in, OTP and privacy requests from this IP address", o.Auth,
            s => s.RouteClass == RouteClasses.Auth ? s.Ip : null),
        new(RouteClasses.Contribute, "of knowledge contributions for this account, chat session or IP address", o.Contribute,
            s => s.RouteClass == RouteClasses.Contribute ? s.Caller ?? s.Ip : null),
    ];

    /// <summary>Refills in steps of at least ~100 ms (the partitions' replenishment tick), spreading the limit over the window.</summary>
    private static TokenBucketRateLimiterOptions Bucket(RateLimitRuleOptions rule)
    {
        var tokensPerPeriod = Math.Max(1, (int)Math.Ceiling(rule.Limit / (rule.WindowSeconds * 10.0)));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = rule.Limit,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = rule.Window * tokensPerPeriod / rule.Limit,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        var subject = RateLimitSubject.Of(resource);
        if (subject.Exempt)
        {
            return Granted;
        }
        foreach (var (rule, limiter) in _limits)
        {
            if (rule.Bucket(subject) is not { } key)
            {
                continue;
            }
            // A token bucket's lease holds nothing to give back: the tokens are spent either way.
            using var lease = limiter.AttemptAcquire(key, permitCount);
            if (!lease.IsAcquired)
            {
                return new RejectedLease(rule, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : rule.Options.Window);
            }
        }
        return Granted;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount)); // nothing queues: a request over a limit is refused at once

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var (_, limiter) in _limits)
            {
                limiter.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        foreach (var (_, limiter) in _limits)
        {
            await limiter.DisposeAsync();
        }
        await base.DisposeAsyncCore();
    }

    private sealed class GrantedLease : RateLimitLease
    {
        public override bool IsAcquired => true;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

/// <summary>A refusal: which rule refused and when a request will fit again.</summary>
public sealed class RejectedLease(RateLimitRule rule, TimeSpan retryAfter) : RateLimitLease
{
    public RateLimitRule Rule { get; } = rule;
    public TimeSpan RetryAfter { get; } = retryAfter;
    public override bool IsAcquired => false;
    public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.RetryAfter.Name ? RetryAfter : null;
        return metadata is not null;
    }
}
