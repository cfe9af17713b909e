using System.Reflection;
using FundManager.Contracts;
using FundManager.Domain.Access;
using Microsoft.Extensions.Time.Testing;

namespace FundManager.Grains.Tests;

public sealed class CallerSealTests
{
    private static readonly byte[] Key = Enumerable.Repeat((byte)7, 32).ToArray();
    private static readonly Caller Officer = new("amina", [Role.ProgrammeOfficer]);
    private static readonly MethodInfo Advance = typeof(IProjectGrain).GetMethod(nameof(IProjectGrain.Advance))!;
    private static readonly MethodInfo Revise = typeof(IProjectGrain).GetMethod(nameof(IProjectGrain.Revise))!;

    [Fact]
    public void a_fresh_seal_for_the_same_caller_and_method_verifies()
    {
        var seal = new CallerSeal(Key, new FakeTimeProvider(ClusterFixture.Now));

        Assert.True(seal.Verify(Officer, Advance, seal.Sign(Officer, Advance)));
    }

    [Fact]
    public void a_seal_does_not_vouch_for_another_caller_another_method_or_another_key()
    {
        var clock = new FakeTimeProvider(ClusterFixture.Now);
        var seal = new CallerSeal(Key, clock);
        var signed = seal.Sign(Officer, Advance);

        Assert.False(seal.Verify(new Caller("amina", [Role.ProgrammeOfficer, Role.FinanceOfficer]), Advance, signed));
        Assert.False(seal.Verify(new Caller("bruno", [Role.ProgrammeOfficer]), Advance, signed));
        Assert.False(seal.Verify(Officer, Revise, signed));
        Assert.False(new CallerSeal(new byte[32], clock).Verify(Officer, Advance, signed));
        Assert.False(seal.Verify(Officer, Advance, null));
        Assert.False(seal.Verify(Officer, Advance, "not-a-seal"));
    }

    [Fact]
    public void a_seal_expires()
    {
        var clock = new FakeTimeProvider(ClusterFixture.Now);
        var seal = new CallerSeal(Key, clock);
        var signed = seal.Sign(Officer, Advance);

        clock.Advance(CallerSeal.Lifetime + TimeSpan.FromSeconds(1));

        Assert.False(seal.Verify(Officer, Advance, signed));
    }

    [Fact]
    public void string_keys_reach_storage_unambiguously_and_guid_keys_unchanged()
    {
        var guid = Guid.NewGuid();
        var byGuid = GrainId.Create("project", guid.ToString("N"));

        Assert.Equal(byGuid, UnambiguousKeyStorage.Stored(byGuid));
        Assert.Equal("s:ada", UnambiguousKeyStorage.Stored(GrainId.Create("user", "ada")).Key.ToString());
        Assert.NotEqual(UnambiguousKeyStorage.Stored(GrainId.Create("user", "ada")), UnambiguousKeyStorage.Stored(GrainId.Create("user", "0ada")));
        var upper = GrainId.Create("fund", guid.ToString("N").ToUpperInvariant());
        Assert.NotEqual(UnambiguousKeyStorage.Stored(byGuid).Key.ToString(), UnambiguousKeyStorage.Stored(upper).Key.ToString());
    }
}
