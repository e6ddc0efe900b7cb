using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Hub.Access;

/// <summary>Wires access control into the hub: the request gate (Host, Origin, Content-Type), the bearer-token scheme
/// (with the page session's cookie beside it),
/// one authorization policy per role (named after the role), and JSON refusals.</summary>
internal static class AccessSetup
{
    /// <summary><paramref name="access"/>: where the key and tokens are read from (files, or a PostgreSQL store's
    /// <c>access</c> table, which is then read again every second).</summary>
    public static void AddServices(IServiceCollection services, HubOptions options, IAccessView access)
    {
        services.AddSingleton(new TokenValidator(access, options.Time));
        if (access is DatabaseAccessView database)
        {
            services.AddSingleton(database);
            services.AddHostedService<AccessRefresher>();
        }
        services.AddSingleton(new OriginPolicy(options.AllowedHosts, options.AllowedOrigins));
        services.AddSingleton(new Dashboard.UiSessions(options.Dashboard, options.Time));
        services.AddAuthentication(TokenAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, configureOptions: null);
        services.AddAuthorization(authorization =>
        {
            foreach (var role in Enum.GetValues<HubRole>())
            {
                authorization.AddPolicy(role.ToName(), policy => policy.RequireRole(role.ToName()));
            }
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessResultHandler>();
    }

    /// <summary>The gate first, then routing, authentication and authorization: a refused Host or Origin never
    /// reaches token checks or an endpoint.</summary>
    public static void Use(WebApplication app)
    {
        app.UseMiddleware<RequestGate>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
    }

    /// <summary>Requires <paramref name="role"/> (or one above it) on an endpoint.</summary>
    public static TBuilder Require<TBuilder>(this TBuilder builder, HubRole role)
        where TBuilder : IEndpointConventionBuilder
        => builder.RequireAuthorization(role.ToName());
}
