using Baton.Core.Protocol;

namespace Baton.Hub.Connections;

/// <summary>A parsed frame: the message, or the error reply to send instead.</summary>
internal readonly record struct FrameParseResult(ProtocolMessage? Message, ErrorMessage? Error);
