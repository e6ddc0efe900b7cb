namespace Baton.Service.Checks;

/// <summary>What a file was at a moment: its length and the SHA-256 of its content (lowercase hex).</summary>
public readonly record struct FileStamp(long Length, string Sha256);
