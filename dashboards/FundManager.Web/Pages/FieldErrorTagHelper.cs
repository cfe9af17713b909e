using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace FundManager.Web.Pages;

/// <summary>
/// <c>&lt;field-error for="Amount" /&gt;</c>: the refusal that concerns one field, in the grains'
/// words, right below it. It is always there (empty when all is well) so the field's
/// aria-describedby always points at something, and live so a screen reader hears it.
/// </summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public string For { get; set; } = string.Empty;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>The id a field's aria-describedby names.</summary>
    public static string IdFor(string field) => TagBuilder.CreateSanitizedId(field + "-error", "_");

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("id", IdFor(For));
        output.Attributes.SetAttribute("class", "field-error");
        output.Attributes.SetAttribute("aria-live", "polite");
        if (ViewContext.ViewData.ModelState.TryGetValue(For, out var entry) && entry.Errors.Count > 0)
        {
            output.Content.SetContent(string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)));
        }
    }
}
