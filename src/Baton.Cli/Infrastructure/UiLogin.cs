using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Baton.Core.Errors;
using Baton.Core.Protocol;

namespace Baton.Cli.Infrastructure;

/// <summary>Asks a hub for a one-time sign-in link to its page (<c>POST /api/ui/login</c>, a coordinator's request).</summary>
internal static class UiLogin
{
    public static async Task<Result<UiLoginOutput>> MintAsync(Uri server, string? token, string role, bool serving, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        HttpResponseMessage response;
        try
        {
            using var body = new StringContent($"{{\"role\":\"{role}\"}}", Encoding.UTF8, "application/json");
            response = await http.PostAsync("/api/ui/login", body, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return Result<UiLoginOutput>.Fail(ErrorCode.HubUnreachable, $"cannot reach the hub at {server}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Result<UiLoginOutput>.Fail(ErrorCode.HubUnreachable, $"the hub at {server} did not answer within 30 s");
        }
        using (response)
        {
            var text = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return Result<UiLoginOutput>.Fail(ErrorOf(response.StatusCode, text, server));
            }
            using var json = JsonDocument.Parse(text);
            var path = json.RootElement.GetProperty("path").GetString()!; // the hub always writes it
            return new UiLoginOutput
            {
                // Built on the URL this client reached the hub by: the hub's own idea of its host may be a wildcard.
                Url = new Uri(server, path).ToString(),
                Role = json.RootElement.GetProperty("role").GetString()!,
                ExpiresAt = json.RootElement.GetProperty("expires_at").GetDateTimeOffset(),
                Hub = server.ToString().TrimEnd('/'),
                Serving = serving,
            };
        }
    }

    private static BatonError ErrorOf(HttpStatusCode status, byte[] body, Uri server)
    {
        try
        {
            if (JsonSerializer.Deserialize(body, BatonJsonContext.Default.BatonError) is { } error)
            {
                return error;
            }
        }
        catch (JsonException)
        {
            // Not a hub's answer: described below.
        }
        return status == HttpStatusCode.NotFound
            ? BatonError.Of(ErrorCode.NotFound, $"{server} has no page to open (a hub older than 'baton ui'?)")
            : BatonError.Of(ErrorCode.InternalError, $"the hub at {server} answered {(int)status} {status}");
    }
}
