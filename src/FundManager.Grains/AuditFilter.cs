using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Audit;

namespace FundManager.Grains;

/// <summary>A grain whose state the audit trail compares before and after each command.</summary>
public interface IAuditable
{
    /// <summary>An immutable snapshot of the state (the filter may read it after the command ran).</summary>
    object? AuditState();
}

/// <summary>
/// Writes every command a caller sends to a grain to the audit trail: who, when, which command with
/// which arguments (passwords redacted), what it changed (the journal entry it posted, or the parts
/// of the grain's state that differ before and after), and whether it was done, refused or failed. Questions ([Query] methods) and grain-to-grain bookkeeping are not
/// commands and are not recorded.
/// </summary>
public sealed class AuditFilter(IAuditTrail trail, TimeProvider clock) : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, Shape?> Shapes = new();
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter(), new MoneyAsAmountAndCode(), new CurrencyAsCode() },
        WriteIndented = false,
    };

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.SourceId is not { } source || source.IsClient())
        {
            // Only grains pass a command's record on; what a client sends under the key is dropped.
            RequestContext.Remove(CommandAudit.TravellingKey);
        }
        var shape = Shapes.GetOrAdd(context.InterfaceMethod, ShapeOf);
        if (shape is null || context.Request.GetArgument(shape.CallerIndex) is not Caller caller)
        {
            if (typeof(IInternalGrain).IsAssignableFrom(context.InterfaceMethod.DeclaringType)
                && RequestContext.Get(CommandAudit.TravellingKey) is AuditRecord command)
            {
                await InvokeForCommandAsync(context, command);
                return;
            }
            await context.Invoke();
            return;
        }
        var auditable = context.Grain as IAuditable;
        // States are immutable records: keep the reference, and serialise it only if this command
        // posts no journal entry (whose record says what changed without it).
        var before = auditable?.AuditState();
        var started = Started(context, shape, caller, clock.GetUtcNow());
        using var scope = CommandAudit.Begin(started, record => WithChange(record, before, auditable));
        RequestContext.Set(CommandAudit.TravellingKey, started);
        try
        {
            await context.Invoke();
        }
        catch (RuleViolationException refused) when (scope.Audit.TryClose())
        {
            await trail.AppendAsync(started with { Outcome = $"refused: {refused.Code}" });
            throw;
        }
        catch (Exception failed) when (failed is not RuleViolationException && scope.Audit.TryClose())
        {
            await trail.AppendAsync(started with { Outcome = $"failed: {failed.GetType().Name}" });
            throw;
        }
        if (!scope.Audit.TryClose())
        {
            // Written with the journal entry the command posted, in the same commit.
            return;
        }
        await trail.AppendAsync(WithChange(started, before, auditable) with { Outcome = "done" });
    }

    /// <summary>
    /// A grain-to-grain call a command made (a contribution opened for a donor's pledge, a fund
    /// allocating for a project's approval): the change it makes here is durable with a record of
    /// that command, in the same write, as the command's own change is on its grain. A call that
    /// writes nothing here leaves nothing to record; the command's own record says the rest.
    /// </summary>
    private static async Task InvokeForCommandAsync(IIncomingGrainCallContext context, AuditRecord command)
    {
        var auditable = context.Grain as IAuditable;
        var before = auditable?.AuditState();
        using var scope = CommandAudit.Begin(CommandAudit.ForCallee(command, context.TargetId), record => WithChange(record, before, auditable));
        await context.Invoke();
    }

    private static AuditRecord WithChange(AuditRecord record, object? before, IAuditable? auditable)
    {
        var (changedFrom, changedTo) = StateChange.Between(Serialize(before), Serialize(auditable?.AuditState()));
        return record with { Before = changedFrom, After = changedTo };
    }

    private static AuditRecord Started(IIncomingGrainCallContext context, Shape shape, Caller caller, DateTimeOffset at)
    {
        var arguments = new JsonObject();
        for (var i = 0; i < shape.Parameters.Length; i++)
        {
            if (i != shape.CallerIndex)
            {
                arguments[shape.Parameters[i]] = Redacted(JsonSerializer.SerializeToNode(context.Request.GetArgument(i), Json), shape.Parameters[i]);
            }
        }
        return new AuditRecord(
            at,
            caller.UserName,
            string.Join(',', caller.Roles),
            $"{context.InterfaceMethod.DeclaringType?.Name}.{context.InterfaceMethod.Name}",
            context.TargetId.ToString(),
            arguments.ToJsonString(Json),
            null,
            null,
            "running",
            Guid.NewGuid());
    }

    private static JsonNode? Serialize(object? state) =>
        state is null ? null : Redacted(JsonSerializer.SerializeToNode(state, state.GetType(), Json), string.Empty);

    // Secrets never reach the trail, whatever object they travel in.
    private static JsonNode? Redacted(JsonNode? node, string name)
    {
        if (name.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return JsonValue.Create("***");
        }
        // In place: only a secret's value is replaced; everything else is walked, not copied.
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj.ToList())
                {
                    if (property.Key.Contains("password", StringComparison.OrdinalIgnoreCase))
                    {
                        obj[property.Key] = JsonValue.Create("***");
                    }
                    else
                    {
                        Redacted(property.Value, property.Key);
                    }
                }
                return obj;
            case JsonArray array:
                foreach (var item in array)
                {
                    Redacted(item, string.Empty);
                }
                return array;
            default:
                return node;
        }
    }

    private static Shape? ShapeOf(MethodInfo method)
    {
        if (method.GetCustomAttribute<QueryAttribute>() is not null || typeof(IInternalGrain).IsAssignableFrom(method.DeclaringType))
        {
            return null;
        }
        var parameters = method.GetParameters();
        var callerIndex = Array.FindIndex(parameters, p => p.ParameterType == typeof(Caller));
        return callerIndex < 0 ? null : new Shape(callerIndex, [.. parameters.Select(p => p.Name ?? $"arg{p.Position}")]);
    }

    private sealed record Shape(int CallerIndex, string[] Parameters);

    // Money as the books write it, {"amount":100.00,"currency":"USD"}, without its computed properties.
    private sealed class MoneyAsAmountAndCode : JsonConverter<Domain.Currencies.Money>
    {
        public override Domain.Currencies.Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The audit trail only writes.");

        public override void Write(Utf8JsonWriter writer, Domain.Currencies.Money value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteNumber("amount", value.Amount);
            writer.WriteString("currency", value.Currency?.Code);
            writer.WriteEndObject();
        }
    }

    private sealed class CurrencyAsCode : JsonConverter<Domain.Currencies.Currency>
    {
        public override Domain.Currencies.Currency Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The audit trail only writes.");

        public override void Write(Utf8JsonWriter writer, Domain.Currencies.Currency value, JsonSerializerOptions options) => writer.WriteStringValue(value.Code);
    }
}
