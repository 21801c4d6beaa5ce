namespace SalesMate.Core;

/// <summary>Base for failures the caller can fix; the exception handler turns each into RFC 7807 problem details.</summary>
public abstract class SalesMateException(string message) : Exception(message);

public sealed class NotFoundException(string resource, object id)
    : SalesMateException($"{resource} '{id}' was not found.")
{
    public string Resource { get; } = resource;
}

/// <summary>Input that breaks a rule; <see cref="Errors"/> maps each field to what is wrong with it.</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors)
    : SalesMateException("One or more validation errors occurred.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public RequestValidationException(string field, string error) : this(new Dictionary<string, string[]> { [field] = [error] })
    {
    }
}

public sealed class ConflictException(string message) : SalesMateException(message);

/// <summary>The assistant could not produce an answer (the shopper's message is stored; retrying is safe).</summary>
public sealed class AssistantUnavailableException(string message) : SalesMateException(message);

/// <summary>The same Idempotency-Key was sent with a different request body.</summary>
public sealed class IdempotencyMismatchException()
    : SalesMateException("This Idempotency-Key was already used with a different request body; use a new key for a new request.");

/// <summary>The request needs a chat session it did not present (or presented an unknown one).</summary>
public sealed class SessionRequiredException()
    : SalesMateException("A chat session is required: send the X-Session-Token header (or the salesmate_session cookie) returned by POST /api/v1/chat/start.");

/// <summary>Missing or invalid credentials for a protected route (401).</summary>
public sealed class UnauthorizedException(string message) : SalesMateException(message);

/// <summary>A cookie-authenticated request that failed the CSRF checks (origin or antiforgery token): 403.</summary>
public sealed class CsrfRejectedException(string title, string message) : SalesMateException(message)
{
    public string Title { get; } = title;
}

/// <summary>A text over its configured length (e.g. chat.max_message_chars), refused before any model call: 422.</summary>
public sealed class TextTooLongException(string field, int maxChars, int actualChars)
    : SalesMateException($"The {field} must be at most {maxChars} characters; it has {actualChars}.")
{
    public string Field { get; } = field;
    public int MaxChars { get; } = maxChars;
}

/// <summary>Signed in, but this caller may not do this (403).</summary>
public sealed class ForbiddenException(string message) : SalesMateException(message);

/// <summary>A send limit was reached (429); <see cref="RetryAfter"/> says when the next attempt can succeed.</summary>
public sealed class TooManyRequestsException(string message, TimeSpan retryAfter) : SalesMateException(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// A one-time code was not accepted. Deliberately one message for every reason (wrong, expired, used, locked out,
/// other purpose or session), so the answer tells an attacker nothing.
/// </summary>
public sealed class InvalidCodeException()
    : SalesMateException("The code is wrong, expired or already used. Request a new code and try again.");

/// <summary>The email provider did not accept a message (503, retryable); the attempt is recorded in email_events.</summary>
public sealed class EmailUnavailableException(string message) : SalesMateException(message);

/// <summary>An uploaded file over its size limit (e.g. rag.max_upload_mb): 413.</summary>
public sealed class PayloadTooLargeException(string message, long maxBytes) : SalesMateException(message)
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>An uploaded file whose content is not a format the route accepts, or does not match its extension: 415.</summary>
public sealed class UnsupportedMediaTypeException(string field, string message) : SalesMateException(message)
{
    public string Field { get; } = field;
}
