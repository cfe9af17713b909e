using FundManager.Domain;
using FundManager.Domain.Funds;

namespace FundManager.Grains.Tests;

/// <summary>The project register's contract in memory, for grain tests: one row per project, a code unique within its fund.</summary>
public sealed class InMemoryProjectRegister : IProjectRegister
{
    private readonly Lock _gate = new();
    private readonly List<(string Fund, Guid Project, string Code)> _rows = [];

    public Task<bool> RegisterAsync(string fundId, Guid projectId, string code, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var row in _rows)
            {
                if (row.Project == projectId)
                {
                    return row.Fund == fundId && row.Code == code
                        ? Task.FromResult(false)
                        : throw new InvalidOperationException($"Project {projectId} is already registered as {row.Code} of fund {row.Fund}.");
                }
                if (row.Fund == fundId && row.Code == code)
                {
                    throw RuleViolationException.Conflict("duplicate-project-code", $"Fund {fundId} already has a project {code}.");
                }
            }
            _rows.Add((fundId, projectId, code));
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<Guid>> ProjectsAsync(string fundId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Guid>>([.. _rows.Where(r => r.Fund == fundId).Select(r => r.Project)]);
        }
    }

    public Task<int> CountAsync(string fundId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.Count(r => r.Fund == fundId));
        }
    }
}
