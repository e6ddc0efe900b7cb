using Baton.Core.Errors;

namespace Baton.Core.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void ExitCode_ForLeaseExpired_IsFour() => Assert.Equal(4, ErrorCode.LeaseExpired.ExitCode());
}
