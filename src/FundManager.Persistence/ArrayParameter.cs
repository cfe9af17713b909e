using Npgsql;
using NpgsqlTypes;

namespace FundManager.Persistence;

/// <summary>A PostgreSQL array parameter, so a whole batch travels in one statement (unnest on the server side).</summary>
internal static class ArrayParameter
{
    /// <summary>An array of <paramref name="elementType"/>; null elements become SQL NULLs.</summary>
    public static NpgsqlParameter Of<T>(string name, NpgsqlDbType elementType, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };
}
