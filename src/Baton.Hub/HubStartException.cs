namespace Baton.Hub;

/// <summary>The hub cannot start as asked (an unsafe or incomplete setting, a port taken); the message says what
/// and how to fix it. <c>baton serve</c> prints it and exits 2.</summary>
public class HubStartException : Exception
{
    /// <summary>A refusal with its explanation.</summary>
    public HubStartException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal caused by <paramref name="inner"/>.</summary>
    public HubStartException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
