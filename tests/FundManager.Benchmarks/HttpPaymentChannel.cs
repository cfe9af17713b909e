using System.Globalization;
using System.Net;
using System.Text;

namespace FundManager.Benchmarks;

/// <summary>Payments as a bank feed would post them: POST /api/pledges/{id}/payments with a finance officer's bearer token.</summary>
public sealed class HttpPaymentChannel(FundApi api) : IPaymentChannel
{
    public string Name => "HTTP";

    public async Task PayAsync(PaymentSlot slot)
    {
        // Written by hand: the serializer's cost belongs to the server's side of the measurement, not ours.
        var body = string.Create(CultureInfo.InvariantCulture,
            $$"""{"idempotencyKey":"{{slot.Key}}","amount":{{slot.Amount}},"currency":"{{slot.Currency}}","valueDate":"{{slot.ValueDate:yyyy-MM-dd}}"}""");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await api.PostAsync($"/api/pledges/{slot.ContributionId}/payments", content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
