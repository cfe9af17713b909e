using System.Globalization;
using System.Security.Claims;
using FundManager.Domain.Access;

namespace FundManager.Dashboards.Security;

/// <summary>Carries a signed-in <see cref="Caller"/> in claims, and back.</summary>
public static class CallerClaims
{
    public const string DonorClaim = "fm:donor";
    public const string SessionClaim = "fm:session";

    public static ClaimsPrincipal ToPrincipal(Caller caller, int session, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, caller.UserName),
            new(SessionClaim, session.ToString(CultureInfo.InvariantCulture)),
        };
        claims.AddRange(caller.Roles.Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        if (caller.DonorId is { } donor)
        {
            claims.Add(new Claim(DonorClaim, donor.ToString("D", CultureInfo.InvariantCulture)));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>The caller of the current request; the endpoints pass it to every grain call.</summary>
    public static Caller Caller(this HttpContext context) => FromPrincipal(context.User);

    public static int Session(ClaimsPrincipal user) =>
        user.FindFirst(SessionClaim) is { } claim ? int.Parse(claim.Value, CultureInfo.InvariantCulture) : -1;

    public static Caller FromPrincipal(ClaimsPrincipal user)
    {
        var name = user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
        if (string.IsNullOrEmpty(name))
        {
            throw new UnauthorizedAccessException("The request is not signed in.");
        }
        var roles = user.FindAll(ClaimTypes.Role).Select(c => Enum.Parse<Role>(c.Value));
        var donor = user.FindFirst(DonorClaim) is { } claim ? Guid.Parse(claim.Value) : (Guid?)null;
        return new Caller(name, roles, donor);
    }
}
