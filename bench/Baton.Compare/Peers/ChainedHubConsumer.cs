using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Tasks;

namespace Baton.Compare.Peers;

/// <summary>A hub consumer that acknowledges with its next claim in the same request (<c>report --next</c>); the rows
/// on a hub over SQLite (<c>baton-hub-next</c>, <c>baton-serve-next</c>) and over PostgreSQL (<c>baton-pg-*</c>) use it.</summary>
internal sealed class ChainedHubConsumer(BatonClient client, string row) : IChainedLifecycleConsumer
{
    private Assignment? _held;

    public Task<bool> ClaimAndAckAsync(CancellationToken cancellationToken) => AckAndClaimNextAsync(false, cancellationToken);

    public async Task<bool> AckAndClaimNextAsync(bool another, CancellationToken cancellationToken)
    {
        var worker = client.Worker!.Value;
        if (_held is null)
        {
            var claim = await client.ClaimAsync(new ClaimRequest { Worker = worker }, cancellationToken);
            if (!claim.IsOk)
            {
                return false;
            }
            _held = claim.Value;
        }
        var report = await client.ReportAsync(new ReportRequest
        {
            TaskId = _held.Task.Id,
            Worker = worker,
            Outcome = ReportOutcome.Done,
            Summary = "ok",
            Next = another ? new ClaimRequest { Worker = worker } : null,
        }, cancellationToken);
        if (!report.IsOk)
        {
            throw new InvalidOperationException(row + " report failed: " + report.Error.Message);
        }
        _held = report.Value.Next;
        return !another || _held is not null;
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
