using System.Text.Json.Nodes;

namespace FundManager.Grains;

/// <summary>
/// What a command changed in a grain's state, for the audit trail: only the properties whose values
/// differ, before and after, nested objects compared property by property. A list that changed is
/// shown whole; a state that appeared or vanished is shown whole on its side.
/// </summary>
public static class StateChange
{
    public static (string? Before, string? After) Between(JsonNode? before, JsonNode? after)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return (null, null);
        }
        if (before is JsonObject from && after is JsonObject to)
        {
            var (changedFrom, changedTo) = Differences(from, to);
            return (changedFrom.ToJsonString(), changedTo.ToJsonString());
        }
        return (before?.ToJsonString(), after?.ToJsonString());
    }

    private static (JsonObject Before, JsonObject After) Differences(JsonObject before, JsonObject after)
    {
        var changedFrom = new JsonObject();
        var changedTo = new JsonObject();
        foreach (var name in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
        {
            var was = before[name];
            var now = after[name];
            if (JsonNode.DeepEquals(was, now))
            {
                continue;
            }
            if (was is JsonObject wasObject && now is JsonObject nowObject)
            {
                var (f, t) = Differences(wasObject, nowObject);
                changedFrom[name] = f;
                changedTo[name] = t;
            }
            else
            {
                changedFrom[name] = was?.DeepClone();
                changedTo[name] = now?.DeepClone();
            }
        }
        return (changedFrom, changedTo);
    }
}
