using System.Globalization;
using System.Text;

namespace Baton.Cli.Tests.Crash;

internal static class CrashPlans
{
    /// <summary>Independent tasks with room for retries: leases lost while a hub is down count as attempts.</summary>
    public static string Independent(int count, int maxAttempts = 20)
    {
        var plan = new StringBuilder("{\"tasks\": [");
        for (var i = 1; i <= count; i++)
        {
            plan.Append(CultureInfo.InvariantCulture, $$"""{"id": "c{{i}}", "title": "Task {{i}}", "description": "do {{i}}", "max_attempts": {{maxAttempts}}}""");
            plan.Append(i < count ? "," : "");
        }
        return plan.Append("]}").ToString();
    }
}
