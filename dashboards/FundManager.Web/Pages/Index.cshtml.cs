using FundManager.Domain.Access;
using Microsoft.AspNetCore.Authorization;

namespace FundManager.Web.Pages;

/// <summary>The start page: what the signed-in person's roles let them do, or the way to sign in.</summary>
[AllowAnonymous]
public sealed class IndexModel : FundPage
{
    public Caller? SignedIn { get; private set; }

    public void OnGet() => SignedIn = User.Identity?.IsAuthenticated == true ? Caller : null;
}
