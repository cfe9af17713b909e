using System.Globalization;
using System.Security.Claims;
using FundManager.Contracts;
using FundManager.Domain.Access;

namespace FundManager.Dashboards.Security;

/// <summary>Carries a signed-in <see cref="Caller"/> in claims, and back.</summary>
public static class CallerClaims
{
    public const string DonorClaim = "fm:donor";
    public const string SessionClaim = "fm:session";
    public const string TokenFamilyClaim = "fm:family";
    public const string GenerationClaim = "fm:generation";

    /// <summary>A sign-in's claims: its tokens carry the family they belong to and, for the refresh token, its generation.</summary>
    public static ClaimsPrincipal ToPrincipal(SignedIn signedIn, string authenticationType)
    {
        var caller = signedIn.Caller;
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, caller.UserName),
            new(SessionClaim, signedIn.Session.ToString(CultureInfo.InvariantCulture)),
            new(TokenFamilyClaim, signedIn.TokenFamily.ToString("N", CultureInfo.InvariantCulture)),
            new(GenerationClaim, signedIn.Generation.ToString(CultureInfo.InvariantCulture)),
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

    /// <summary>The sign-in a token or cookie belongs to; an empty id, which no account holds, when it carries none.</summary>
    public static Guid TokenFamily(ClaimsPrincipal user) =>
        user.FindFirst(TokenFamilyClaim) is { } claim && Guid.TryParseExact(claim.Value, "N", out var family) ? family : Guid.Empty;

    public static int Generation(ClaimsPrincipal user) =>
        user.FindFirst(GenerationClaim) is { } claim ? int.Parse(claim.Value, CultureInfo.InvariantCulture) : -1;

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
