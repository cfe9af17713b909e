using System.Globalization;
using System.Text;
using FundManager.Reports;

namespace FundManager.Web;

/// <summary>
/// A chart as the pages show it: drawn on the server by <see cref="ChartPicture"/> (the one chart
/// drawer), and handed to the browser as an image, so no script and no inline style is needed.
/// A table beside it gives the same figures to those who read rather than look.
/// </summary>
public static class Charts
{
    public static string ImageSource(ReportChart chart)
    {
        var svg = ChartPicture.Svg(chart, CultureInfo.CurrentCulture);
        if (!svg.Contains("xmlns=\"http://www.w3.org/2000/svg\"", StringComparison.Ordinal))
        {
            svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"" + svg["<svg".Length..];
        }
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}
