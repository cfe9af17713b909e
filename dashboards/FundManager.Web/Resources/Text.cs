namespace FundManager.Web.Resources;

/// <summary>The pages' texts: <c>Text.resx</c> in English, <c>Text.fr.resx</c> in French, read through <c>IStringLocalizer&lt;Text&gt;</c>.</summary>
public sealed class Text
{
    private Text()
    {
    }
}
