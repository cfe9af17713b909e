using System.Globalization;
using System.Xml.Linq;

namespace FundManager.Reports.Tests;

public sealed class ChartPictureTests
{
    private static readonly ReportChart Contributions = new(
        "Received by donor",
        "USD",
        [new ReportBar("Norway", 1_234_567m, 2_000_000m), new ReportBar("Sweden", 800_000m)]);

    [Fact]
    public void svg_is_one_labelled_element_that_scales_and_names_every_bar()
    {
        var svg = XElement.Parse(ChartPicture.Svg(Contributions, CultureInfo.InvariantCulture));

        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("img", svg.Attribute("role")?.Value);
        Assert.Equal("Received by donor", svg.Attribute("aria-label")?.Value);
        Assert.StartsWith("0 0 720 ", svg.Attribute("viewBox")?.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName == "script");
        var text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("Norway", text, StringComparison.Ordinal);
        Assert.Contains("Sweden", text, StringComparison.Ordinal);
    }

    [Fact]
    public void value_axis_is_numbered_in_the_readers_language()
    {
        var french = XElement.Parse(ChartPicture.Svg(Contributions, CultureInfo.GetCultureInfo("fr-FR")));
        var english = XElement.Parse(ChartPicture.Svg(Contributions, CultureInfo.GetCultureInfo("en-GB")));

        static string Texts(XElement svg) => string.Join('|', svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("1\u202f000\u202f000", Texts(french), StringComparison.Ordinal);
        Assert.Contains("1,000,000", Texts(english), StringComparison.Ordinal);
    }

    [Fact]
    public void png_is_a_picture_for_documents()
    {
        var png = ChartPicture.Png(Contributions with { Kind = ChartKind.Columns }, CultureInfo.InvariantCulture);

        Assert.True(png.Length > 1_000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }
}
