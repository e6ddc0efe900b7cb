namespace Baton.Cli.Init;

/// <summary>Where Baton's entry stands in an agent's JSON configuration file.</summary>
internal enum JsonEntryState
{
    /// <summary>No Baton entry: add it.</summary>
    Missing,

    /// <summary>Baton's entry, exactly as Baton writes it.</summary>
    Current,

    /// <summary>A Baton entry the user changed (e.g. an absolute path to baton): keep it.</summary>
    Customized,
}
