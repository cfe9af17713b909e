using System.Text.Json;
using System.Text.Json.Serialization;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;

namespace FundManager.Dashboards.Api;

/// <summary>How the API reads and writes JSON: strict on input (unknown and repeated fields are refused), plain on output.</summary>
public static class JsonSetup
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // {"amount": 1, "amount": 1000000} is ambiguous: the caller, a proxy and a log may each read a different amount.
        options.AllowDuplicateProperties = false;
        // A field the request's type does not mark optional must be present and not null.
        options.RespectRequiredConstructorParameters = true;
        options.RespectNullableAnnotations = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.Converters.Add(new CurrencyConverter());
        options.Converters.Add(new MoneyConverter());
        options.Converters.Add(new PscRateConverter());
    }

    /// <summary>A currency is its ISO code: "EUR".</summary>
    private sealed class CurrencyConverter : JsonConverter<Currency>
    {
        public override Currency Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Currency.Parse(reader.GetString());

        public override void Write(Utf8JsonWriter writer, Currency value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Code);
    }

    /// <summary>Money is {"amount": 1000.00, "currency": "EUR"}.</summary>
    private sealed class MoneyConverter : JsonConverter<Money>
    {
        public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var input = JsonSerializer.Deserialize<MoneyInput>(ref reader, options) ?? throw new JsonException("An amount is an object with 'amount' and 'currency'.");
            return Money.Of(input.Amount, Currency.Parse(input.Currency));
        }

        public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteNumber("amount", value.Amount);
            writer.WriteString("currency", value.Currency?.Code);
            writer.WriteEndObject();
        }

        private sealed record MoneyInput(decimal Amount, string Currency);
    }

    /// <summary>A PSC rate is a fraction: 0.13.</summary>
    private sealed class PscRateConverter : JsonConverter<PscRate>
    {
        public override PscRate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetDecimal());

        public override void Write(Utf8JsonWriter writer, PscRate value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
    }
}
